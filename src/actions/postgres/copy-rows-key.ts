import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';

/** How rows of the copy are matched with rows of production. */
export type KeyStrategy =
  | { strategy: 'primary-key' | 'unique'; columns: string[] }
  | { strategy: 'no-key'; columns: [] };

/**
 * The unique indexes of the table usable as a row key: the primary key, or a unique index
 * without expressions or predicate whose columns are all NOT NULL (a nullable unique
 * column lets several rows share NULL, so it identifies nothing). Primary key first, then
 * the narrowest, then by name, so the choice is stable.
 */
const KEY_CANDIDATES = `
  SELECT i.indisprimary AS primary, array_agg(a.attname::text ORDER BY k.ord) AS cols
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
   WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indisvalid
     AND i.indexprs IS NULL AND i.indpred IS NULL
   GROUP BY i.indexrelid, i.indisprimary, c.relname
  HAVING bool_and(a.attnotnull) AND bool_and(k.attnum > 0)
   ORDER BY i.indisprimary DESC, count(*), c.relname`;

/**
 * The key strategy for `table`, from production's catalog: its primary key (single or
 * composite), else a unique NOT NULL key, else none (rows matched on all columns, as a
 * multiset). A key named by the runbook (`key:`) is kept as given. Every key column must
 * exist on both sides.
 */
export async function findKeyStrategy(ctx: ActionContext, table: string, named: string | undefined, shared: string[]): Promise<KeyStrategy> {
  const rows = await queryRows(ctx, ctx.target.name, KEY_CANDIDATES, [quoteIdent(table)]);
  const found = rows.map((r) => ({ primary: r['primary'] === true, cols: r['cols'] as string[] }));
  let chosen: KeyStrategy;
  if (named !== undefined) {
    const primary = found.find((k) => k.primary);
    chosen = { strategy: primary && primary.cols.length === 1 && primary.cols[0] === named ? 'primary-key' : 'unique', columns: [named] };
  } else if (found[0]) {
    chosen = { strategy: found[0].primary ? 'primary-key' : 'unique', columns: found[0].cols };
  } else {
    return { strategy: 'no-key', columns: [] };
  }
  requireKeyColumns(table, chosen, shared, named !== undefined);
  return chosen;
}

/** Throws when a key column is not among `shared` (the columns the copy and production both have). */
export function requireKeyColumns(table: string, key: KeyStrategy, shared: string[], named: boolean): void {
  const missing = key.columns.filter((c) => !shared.includes(c));
  if (missing.length > 0) {
    throw new ActionError(`column ${missing.join(', ')} is not in ${table} on both sides`, {
      hint: named ? 'Give key: the primary key column of the table, or leave key: out to use the table\'s own key.' : 'The copy and production differ in their key columns: compare the two table definitions.',
    });
  }
}

/** The strategy in words, for the step log and the report. */
export function describeStrategy(key: KeyStrategy): string {
  return key.strategy === 'no-key'
    ? 'no key: rows matched on all columns, as a multiset'
    : `matching on (${key.columns.join(', ')}) (${key.strategy})`;
}
