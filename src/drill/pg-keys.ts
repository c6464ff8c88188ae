import type pg from 'pg';
import type { Key, KeySnapshot } from './types.js';

/** A user table and its primary-key columns, in key order (none: the table has no primary key). */
export interface PgTableKey {
  /** `schema.table`, or `table` for the `public` schema (as the runbooks name it). */
  table: string;
  /** `"schema"."table"`, each part quoted on its own (a name may hold a dot). */
  relation: string;
  columns: string[];
}

/** One identifier quoted as a whole. */
function quotePart(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Integer key types whose values are safe as JavaScript numbers in a drill's world. */
const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);

/** Every ordinary user table (no system schemas, no extensions' tables) with its primary-key columns. */
export async function pgTableKeys(client: pg.Client): Promise<PgTableKey[]> {
  const rs = await client.query<{ schema: string; name: string; columns: string[] | null }>(`
    SELECT n.nspname AS schema, c.relname AS name,
           (SELECT array_agg(a.attname::text ORDER BY k.ord)
              FROM pg_index i
              CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = c.oid AND i.indisprimary) AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
     ORDER BY 1, 2`);
  return rs.rows.map((r) => ({ table: r.schema === 'public' ? r.name : `${r.schema}.${r.name}`, relation: `${quotePart(r.schema)}.${quotePart(r.name)}`, columns: r.columns ?? [] }));
}

/**
 * Every key of every user table, in key order: one column's value (integers as numbers, as
 * the writer reports them), or the JSON of several. A table without a primary key is keyed
 * by its whole row's text, so its rows are still counted.
 */
export async function readPgKeys(client: pg.Client): Promise<KeySnapshot> {
  const out: KeySnapshot = {};
  // Type oids are per cluster (a custom type's differs from one to the next): known for this read only.
  const integerOids = new Map<number, boolean>();
  for (const { table, relation, columns } of await pgTableKeys(client)) {
    const cols = columns.length > 0 ? columns.map(quotePart) : ['r::text'];
    const rs = await client.query({ text: `SELECT ${cols.join(', ')} FROM ${relation} AS r ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`, rowMode: 'array' });
    const types = rs.fields.map((f) => f.dataTypeID);
    const integer = await integerTypeIds(client, types, integerOids);
    out[table] = rs.rows.map((row: unknown[]): Key => {
      const values = row.map((v, i) => plain(v, integer.has(types[i]!)));
      return values.length === 1 ? values[0]! : JSON.stringify(values);
    });
  }
  return out;
}

async function integerTypeIds(client: pg.Client, ids: number[], integerOids: Map<number, boolean>): Promise<Set<number>> {
  const unknown = ids.filter((id) => !integerOids.has(id));
  if (unknown.length > 0) {
    const rs = await client.query<{ oid: number; typname: string }>('SELECT oid::int AS oid, typname FROM pg_type WHERE oid = ANY($1::oid[])', [unknown]);
    for (const r of rs.rows) integerOids.set(r.oid, INTEGER_TYPES.has(r.typname));
  }
  return new Set(ids.filter((id) => integerOids.get(id)));
}

function plain(value: unknown, integer: boolean): Key {
  if (integer && (typeof value === 'string' || typeof value === 'number')) return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
