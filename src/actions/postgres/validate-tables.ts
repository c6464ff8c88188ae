import type { DataConfig } from '../../config/schema.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext } from '../types.js';
import { queryRows } from './pitr-sql.js';
import { qualifiedName } from './qualified-name.js';

/** One table to count: its name as shown, its SQL (quoted) name, the column of its newest row. */
export interface TableToCount {
  name: string;
  sql: string;
  newest?: string;
}

/** What counting one table found; `rows` is null for a table the database does not have. */
export interface TableCount {
  name: string;
  rows: number | null;
  newest: unknown;
}

// Partitions are counted through their parent (count(*) of a partitioned table reads them all).
const USER_TABLES = `SELECT n.nspname AS schemaname, c.relname AS tablename
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  ORDER BY 1, 2`;

/** The tables `data.tables` lists, or (without it) every user table of the database on `on`. */
export async function tablesToCount(ctx: Pick<ActionContext, 'sql' | 'signal'>, on: string, data: DataConfig | undefined): Promise<TableToCount[]> {
  const listed = Object.entries(data?.tables ?? {});
  if (listed.length > 0) return listed.map(([name, t]) => ({ name, sql: quoteIdent(name), ...(t.newest ? { newest: t.newest } : {}) }));
  const rows = await queryRows(ctx, on, USER_TABLES);
  return rows.map((r) => {
    const schema = String(r['schemaname']);
    const table = String(r['tablename']);
    return { name: `${schema}.${table}`, sql: qualifiedName(schema, table) };
  });
}

/**
 * count(*) of each table (and the newest value of its `newest` column) on `on`. A table that
 * does not resolve there (to_regclass, with the name quoted as listed) is reported missing,
 * not counted: the database is not what the target says, and that is the finding.
 */
export async function countTables(ctx: Pick<ActionContext, 'sql' | 'signal'>, on: string, tables: TableToCount[]): Promise<TableCount[]> {
  const counted: TableCount[] = [];
  for (const table of tables) {
    const [exists] = await queryRows(ctx, on, 'SELECT to_regclass($1) IS NOT NULL AS found', [table.sql]);
    if (exists?.['found'] !== true) {
      counted.push({ name: table.name, rows: null, newest: null });
      continue;
    }
    // to_json keeps a timestamp's offset, so the newest values of different tables compare as instants.
    const newest = table.newest ? `to_json(max(${quoteIdent(table.newest)}))` : 'NULL';
    const [row] = await queryRows(ctx, on, `SELECT count(*)::bigint AS n, ${newest} AS newest FROM ${table.sql}`);
    counted.push({ name: table.name, rows: Number(row?.['n']), newest: normalizeNewest(row?.['newest']) });
  }
  return counted;
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)$/;

/** A timestamp with an offset as UTC ISO text; anything else as it came. */
function normalizeNewest(value: unknown): unknown {
  if (typeof value === 'string' && WITH_OFFSET.test(value)) {
    const withColon = value.replace(/([+-]\d{2})$/, '$1:00');
    const date = new Date(withColon);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return value ?? null;
}

/** The latest of the newest values: numbers numerically, timestamps as instants, else null. */
export function latestOf(values: unknown[]): unknown {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return null;
  if (present.every((v) => typeof v === 'number')) return Math.max(...(present as number[]));
  if (present.every((v) => typeof v === 'string' && WITH_OFFSET.test(v))) {
    return present.reduce((a, b) => (new Date(String(a)).getTime() >= new Date(String(b)).getTime() ? a : b));
  }
  return null;
}

/** `public.orders` → `public_orders`: a name usable in an output key (`rows_public_orders`). */
export function outputKey(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}
