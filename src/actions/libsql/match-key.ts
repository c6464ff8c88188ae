import { quoteIdent } from '../../util/sql-ident.js';
import type { Column, Query } from './table-info.js';

/** How rows of a copy are matched with production's. */
export type MatchStrategy = 'primary-key' | 'unique' | 'no-key';

/** The strategy and the columns it matches on (none for `no-key`). */
export interface RowMatch {
  strategy: MatchStrategy;
  columns: string[];
}

/**
 * How rows of `table` are matched: the step's `key` when given, else the primary key
 * (single or composite, `WITHOUT ROWID` included), else the narrowest unique index whose
 * columns are all NOT NULL (a NULL would let "the same" key appear twice), else no key:
 * rows are then matched on all their columns, as a multiset.
 */
export async function rowMatch(query: Query, table: string, columns: Column[], requestedKey?: string): Promise<RowMatch> {
  const pks = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  if (requestedKey !== undefined) {
    const isPk = pks.length === 1 && pks[0]!.name === requestedKey;
    return { strategy: isPk ? 'primary-key' : 'unique', columns: [requestedKey] };
  }
  if (pks.length > 0) return { strategy: 'primary-key', columns: pks.map((c) => c.name) };
  const unique = await uniqueNotNullIndex(query, table, columns);
  return unique ? { strategy: 'unique', columns: unique } : { strategy: 'no-key', columns: [] };
}

async function uniqueNotNullIndex(query: Query, table: string, columns: Column[]): Promise<string[] | null> {
  const notNull = new Set(columns.filter((c) => c.notnull).map((c) => c.name));
  const candidates: string[][] = [];
  for (const index of await query(`PRAGMA index_list(${quoteIdent(table)})`)) {
    if (Number(index['unique']) !== 1 || Number(index['partial'] ?? 0) === 1) continue;
    const info = await query(`PRAGMA index_info(${quoteIdent(String(index['name']))})`);
    // An expression column has no name: such an index cannot be matched column by column.
    const names = info.map((r) => r['name']);
    if (names.length > 0 && names.every((n) => typeof n === 'string' && notNull.has(n))) candidates.push(names as string[]);
  }
  candidates.sort((a, b) => a.length - b.length);
  return candidates[0] ?? null;
}

/** One line for the step log and the report: what rows are matched on. */
export function describeMatch(match: RowMatch): string {
  return match.strategy === 'no-key'
    ? 'no key: rows matched on all columns, as a multiset (NULLs equal, numbers compared exactly)'
    : `matching on (${match.columns.join(', ')}) (${match.strategy})`;
}
