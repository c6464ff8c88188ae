import type pg from 'pg';
import type { SchemaForeignKey, SchemaModel, SchemaTable } from './schema-model.js';

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

interface TableRow {
  oid: number;
  name: string;
}

/**
 * The row generator's model of a PostgreSQL database's user tables, from its catalog:
 * columns with their declared types (enum labels too), NOT NULL, defaults and identities,
 * primary keys, unique constraints and unique indexes without a predicate, foreign keys with
 * their ON DELETE action, and CHECK constraints as `pg_get_constraintdef` writes them.
 * Generated columns are left out. Tables outside `public` are named `schema.table`.
 */
export async function pgSchemaModel(client: pg.Client): Promise<SchemaModel> {
  const tables = (
    await client.query<TableRow>(`
      SELECT c.oid::int AS oid, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.oid`)
  ).rows;
  const names = new Map(tables.map((t) => [t.oid, t.name]));
  const out: SchemaTable[] = [];
  for (const t of tables) out.push(await tableOf(client, t, names));
  return { tables: out };
}

async function tableOf(client: pg.Client, table: TableRow, names: Map<number, string>): Promise<SchemaTable> {
  const cols = (
    await client.query<{ num: number; name: string; type: string; not_null: boolean; has_default: boolean; labels: string[] | null }>(
      `SELECT a.attnum::int AS num, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              (a.atthasdef OR a.attidentity <> '') AS has_default,
              (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = a.atttypid) AS labels
       FROM pg_attribute a WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
      [table.oid],
    )
  ).rows;
  const byNum = new Map(cols.map((c) => [c.num, c.name]));
  const columnsOf = (nums: number[]) => nums.map((n) => byNum.get(n) ?? '');
  const constraints = (
    await client.query<{ type: string; keys: number[]; parent: number | null; parent_keys: number[] | null; on_delete: string; def: string }>(
      `SELECT contype AS type, conkey::int[] AS keys, confrelid::int AS parent, confkey::int[] AS parent_keys, confdeltype AS on_delete, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = $1 ORDER BY conname`,
      [table.oid],
    )
  ).rows;
  const unique = constraints.filter((c) => c.type === 'u').map((c) => columnsOf(c.keys));
  const indexes = (
    await client.query<{ keys: number[] }>(
      `SELECT i.indkey::int[] AS keys FROM pg_index i
       WHERE i.indrelid = $1 AND i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL AND i.indexprs IS NULL
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [table.oid],
    )
  ).rows;
  unique.push(...indexes.map((i) => columnsOf(i.keys)));
  const foreignKeys: SchemaForeignKey[] = [];
  for (const c of constraints.filter((x) => x.type === 'f')) {
    const parentCols = (await client.query<{ num: number; name: string }>('SELECT attnum::int AS num, attname AS name FROM pg_attribute WHERE attrelid = $1 AND attnum = ANY($2)', [c.parent, c.parent_keys])).rows;
    const parentByNum = new Map(parentCols.map((p) => [p.num, p.name]));
    foreignKeys.push({ columns: columnsOf(c.keys), parent: names.get(c.parent!) ?? String(c.parent), parentColumns: (c.parent_keys ?? []).map((n) => parentByNum.get(n) ?? ''), onDelete: ON_DELETE[c.on_delete] ?? 'NO ACTION' });
  }
  return {
    name: table.name,
    columns: cols.map((c) => ({ name: c.name, type: c.type, notNull: c.not_null, hasDefault: c.has_default, ...(c.labels ? { values: c.labels } : {}) })),
    primaryKey: columnsOf(constraints.find((c) => c.type === 'p')?.keys ?? []),
    unique,
    foreignKeys,
    checks: constraints.filter((c) => c.type === 'c').map((c) => c.def.replace(/^CHECK\s*/i, '').replace(/\s+NOT VALID$/i, '')),
  };
}
