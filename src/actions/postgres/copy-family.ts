import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';
import { describeStrategy, findKeyStrategy, type KeyStrategy } from './copy-rows-key.js';
import { cascadeFamily, type FamilyTable, type ForeignKeyEdge } from './family-order.js';

/** One table of a copy-back, in the order it is copied, with how its rows are matched. */
export interface PlannedTable extends FamilyTable {
  key: KeyStrategy;
}

/** What the copy-back will do, decided from production's catalog before anything is restored. */
export interface CopyFamilyPlan {
  tables: PlannedTable[];
  /** Every foreign key of the database (for the orphan check of each table). */
  foreignKeys: ForeignKeyEdge[];
}

/** A table's name as the runbooks write it: bare when the search path finds it, else schema.name. */
export const TABLE_NAME = `CASE WHEN pg_table_is_visible(c.oid) THEN c.relname ELSE n.nspname || '.' || c.relname END`;

const FOREIGN_KEYS = `
  SELECT coalesce(json_agg(json_build_object('child', ch.name, 'parent', pa.name, 'constraint', f.conname, 'cascade', f.confdeltype = 'c')
                  ORDER BY ch.name, f.conname), '[]')::text AS edges
    FROM pg_constraint f
    CROSS JOIN LATERAL (SELECT ${TABLE_NAME} AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = f.conrelid) ch
    CROSS JOIN LATERAL (SELECT ${TABLE_NAME} AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = f.confrelid) pa
   WHERE f.contype = 'f'`;

/**
 * The copy-back of `table` planned on production's catalog: the table, the `also` tables,
 * and (with `cascade`) every table reaching them through `ON DELETE CASCADE`, recursively,
 * parents first, each with its key strategy (`findKeyStrategy`; `key` names the table's own
 * key). Refuses a missing table and a table without a key whose rows cannot be compared
 * (a column type without equality): nothing could be matched, so nothing should be restored.
 * `postgres.copy-plan` shows this plan before the restore; `postgres.copy-rows` follows it.
 */
export async function planCopyFamily(ctx: ActionContext, table: string, opts: { also: string[]; cascade: boolean; key?: string }): Promise<CopyFamilyPlan> {
  const roots: FamilyTable[] = [];
  for (const [i, name] of [table, ...opts.also].entries()) {
    roots.push({ table: await catalogName(ctx, name), reason: i === 0 ? 'named' : 'also' });
  }
  const [row] = await queryRows(ctx, ctx.target.name, FOREIGN_KEYS);
  const foreignKeys = JSON.parse(String(row!['edges'])) as ForeignKeyEdge[];
  const tables: PlannedTable[] = [];
  for (const member of cascadeFamily(roots, foreignKeys, opts.cascade)) {
    const columns = await comparableColumns(ctx, member.table);
    const key = await findKeyStrategy(ctx, member.table, member.reason === 'named' ? opts.key : undefined, columns.map((c) => c.name));
    if (key.strategy === 'no-key') await refuseIncomparable(ctx, member, columns);
    tables.push({ ...member, key });
  }
  return { tables, foreignKeys };
}

/** Parses a comma-separated list of table names (blanks ignored). */
export function tableList(list: string): string[] {
  return list.split(',').map((t) => t.trim()).filter(Boolean);
}

/** One line per table for the step log and the report: `t: matching on (id) (primary-key)`. */
export function describePlanned(t: PlannedTable): string {
  const why = t.reason === 'cascade' ? ` — ON DELETE CASCADE through ${t.via}` : t.reason === 'also' ? ' — listed in also' : '';
  return `${t.table}: ${describeStrategy(t.key)}${why}`;
}

async function catalogName(ctx: ActionContext, table: string): Promise<string> {
  const [row] = await queryRows(ctx, ctx.target.name,
    `SELECT ${TABLE_NAME} AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`,
    [quoteIdent(table)]);
  if (!row) throw new ActionError(`table ${table} does not exist on ${ctx.target.name}`, { hint: 'Check the table name (schema.table) in production; nothing was restored.' });
  return String(row['name']);
}

interface Column { name: string; type: string; json: boolean }

async function comparableColumns(ctx: ActionContext, table: string): Promise<Column[]> {
  const rows = await queryRows(ctx, ctx.target.name,
    `SELECT attname, format_type(atttypid, atttypmod) AS type, atttypid = 'json'::regtype AS json FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [quoteIdent(table)]);
  return rows.map((r) => ({ name: String(r['attname']), type: String(r['type']), json: r['json'] === true }));
}

/**
 * Without a key, rows are compared whole (`EXCEPT ALL`): every column needs an equality.
 * PostgreSQL itself says whether one exists, planning the comparison over no rows; `json`
 * is compared as its text.
 */
async function refuseIncomparable(ctx: ActionContext, t: FamilyTable, columns: Column[]): Promise<void> {
  const executor = await ctx.sql(ctx.target.name);
  const from = quoteIdent(t.table);
  for (const c of columns) {
    const expr = c.json ? `${quoteIdent(c.name)}::text` : quoteIdent(c.name);
    const probe = `SELECT ${expr} FROM ${from} WHERE false EXCEPT ALL SELECT ${expr} FROM ${from} WHERE false`;
    const result = await executor.run({ kind: 'sql', on: ctx.target.name, query: probe, params: [], readOnly: true }, { signal: ctx.signal });
    if (!result.error) continue;
    throw new ActionError(`${t.table} cannot be matched: it has no primary key or unique NOT NULL key, and its column ${c.name} (${c.type}) has no equality to compare whole rows with (${result.error})`, {
      hint: `Nothing was restored. Give ${t.table} a primary key (or a unique NOT NULL key) in production, or copy its rows back by hand${t.reason === 'cascade' ? `, or leave cascades out (cascade: false) and copy ${t.table} apart` : ''}.`,
    });
  }
}
