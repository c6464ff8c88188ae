import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';
import { TABLE_NAME } from './copy-family.js';
import { outputKey } from './validate-tables.js';

/** Where the copy keeps the rows of each table that were not copied back for want of a parent. */
export const ORPHANS_SCHEMA = 'pitstop_orphans';

interface ForeignKey { name: string; parent: string; columns: string[]; parentColumns: string[] }

const FOREIGN_KEYS_OF = `
  SELECT f.conname AS name, f.confrelid::regclass::text AS parent,
         (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(f.conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.n) AS columns,
         (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(f.confkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.n) AS parent_columns
    FROM pg_constraint f
   WHERE f.conrelid = to_regclass($1) AND f.contype = 'f' AND f.confrelid <> f.conrelid
   ORDER BY f.conname`;

/** Rows of one table set aside, by the constraint whose parent production lacks. */
export interface Orphans { total: number; byConstraint: { constraint: string; parent: string; rows: number }[] }

/**
 * Before `table` is copied back (its parents in the plan already are): the rows of the copy
 * whose parent, through any foreign key of the table, production does not have would fail
 * their batch, and creating the parent is not the copy-back's call. They are moved, in the
 * copy, into `pitstop_orphans.TABLE` (kept there for inspection) so the copy-back never sees
 * them, and counted. A foreign key of a table to itself is not checked here.
 */
export async function setOrphansAside(ctx: ActionContext, table: string): Promise<Orphans> {
  const t = quoteIdent(table);
  const side = `${quoteIdent(ORPHANS_SCHEMA)}.${quoteIdent(outputKey(table))}`;
  const fks = (await queryRows(ctx, ctx.target.name, FOREIGN_KEYS_OF, [t])).map((r) => ({
    name: String(r['name']), parent: String(r['parent']), columns: r['columns'] as string[], parentColumns: r['parent_columns'] as string[],
  }));
  const found: Orphans['byConstraint'] = [];
  for (const fk of fks) {
    const missing = await missingParents(ctx, t, fk);
    if (missing === '[]') continue;
    const cols = fk.columns.map(quoteIdent);
    const rows = await moveAside(ctx, table, (a) => `(${cols.map((c) => `${a}.${c}`).join(', ')}) IN (SELECT ${cols.map((c) => `m.${c}`).join(', ')} FROM json_populate_recordset(NULL::${t}, $1::json) m)`, missing, new Set());
    found.push({ constraint: fk.name, parent: fk.parent, rows });
    ctx.log(`${table}: ${rows} row(s) not copied back: their parent in ${fk.parent} (${fk.name}) is missing in production; kept in the copy as ${ORPHANS_SCHEMA}.${outputKey(table)}`);
  }
  // Rows set aside by an earlier run count too: a second run reports the same orphans.
  const [exists] = await queryRows(ctx, 'restored', 'SELECT to_regclass($1) IS NOT NULL AS e', [side]);
  if (exists!['e'] !== true) return { total: 0, byConstraint: found };
  const [kept] = await queryRows(ctx, 'restored', `SELECT count(*)::int AS n FROM ${side}`);
  return { total: Number(kept!['n']), byConstraint: found };
}

const CASCADES_INTO = `
  SELECT (SELECT ${TABLE_NAME} FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = f.conrelid) AS child,
         (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(f.conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.n) AS columns,
         (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(f.confkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.n) AS parent_columns
    FROM pg_constraint f
   WHERE f.confrelid = to_regclass($1) AND f.contype = 'f' AND f.confdeltype = 'c' AND f.conrelid <> f.confrelid
   ORDER BY f.conname`;

/**
 * Moves the rows of `table` in the copy that `where` selects into `pitstop_orphans.TABLE`,
 * their ON DELETE CASCADE children first (recursively, each into its own table there): the
 * copy's cascade would otherwise delete them unseen, and they are orphans too, their parent
 * never reaching production. Returns the rows of `table` moved.
 */
async function moveAside(ctx: ActionContext, table: string, where: (alias: string) => string, param: string, seen: Set<string>): Promise<number> {
  seen.add(table);
  const t = quoteIdent(table);
  const depth = seen.size;
  for (const r of await queryRows(ctx, ctx.target.name, CASCADES_INTO, [t])) {
    const child = String(r['child']);
    if (seen.has(child)) continue;
    const cols = (r['columns'] as string[]).map(quoteIdent);
    const parentCols = (r['parent_columns'] as string[]).map(quoteIdent);
    const p = `parent_${depth}`;
    await moveAside(ctx, child, (a) => `(${cols.map((c) => `${a}.${c}`).join(', ')}) IN (SELECT ${parentCols.map((c) => `${p}.${c}`).join(', ')} FROM ${t} ${p} WHERE ${where(p)})`, param, seen);
  }
  const side = `${quoteIdent(ORPHANS_SCHEMA)}.${quoteIdent(outputKey(table))}`;
  await queryRows(ctx, 'restored', `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(ORPHANS_SCHEMA)}`, [], { readOnly: false });
  await queryRows(ctx, 'restored', `CREATE TABLE IF NOT EXISTS ${side} (LIKE ${t})`, [], { readOnly: false });
  const [moved] = await queryRows(ctx, 'restored',
    `WITH moved AS (DELETE FROM ${t} AS orphan WHERE ${where('orphan')} RETURNING orphan.*),
          kept AS (INSERT INTO ${side} SELECT * FROM moved RETURNING 1)
     SELECT count(*)::int AS n FROM kept`,
    [param], { readOnly: false });
  return Number(moved!['n']);
}

/**
 * The distinct values of the foreign key's columns in the copy (all non-NULL: MATCH SIMPLE
 * checks nothing else) that production's parent table does not have, as a JSON array.
 */
async function missingParents(ctx: ActionContext, t: string, fk: ForeignKey): Promise<string> {
  const cols = fk.columns.map(quoteIdent);
  const [values] = await queryRows(ctx, 'restored',
    `SELECT coalesce(json_agg(d), '[]')::text AS v FROM (SELECT DISTINCT ${cols.join(', ')} FROM ${t} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')}) d`);
  if (String(values!['v']) === '[]') return '[]';
  const match = fk.columns.map((c, i) => `p.${quoteIdent(fk.parentColumns[i]!)} = m.${quoteIdent(c)}`).join(' AND ');
  const [missing] = await queryRows(ctx, ctx.target.name,
    `SELECT coalesce(json_agg(x), '[]')::text AS v FROM (SELECT ${cols.map((c) => `m.${c}`).join(', ')} FROM json_populate_recordset(NULL::${t}, $1::json) m
        WHERE NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${match})) x`,
    [values!['v']]);
  return String(missing!['v']);
}
