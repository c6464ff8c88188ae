import { ActionError } from '../../errors.js';
import type { SqlExecutor } from '../../executors/types.js';
import { type CopyArgs, type CopyCounts, refuseKeylessOverwrite, sharedColumns } from './copy-spec.js';
import { lossAfterCopy, type Loss } from './copy-loss.js';
import { copyKeyedTwoSides } from './copy-two-keyed.js';
import { copyMultisetTwoSides } from './copy-two-multiset.js';
import { foreignKeys } from './foreign-keys.js';
import { describeMatch, type MatchStrategy, rowMatch } from './match-key.js';
import { checkedForeignKeys } from './parent-check.js';
import { isRowidKey, type Query, tableColumns } from './table-info.js';

/** What a copy did, how it matched rows, and what no copy can bring back. */
export type CopyOutcome = CopyCounts & Loss & { columns: string[]; key: string; strategy: MatchStrategy; key_columns: string[] };

export interface Side {
  name: string;
  executor: SqlExecutor;
}

/** A Query over an SQL executor (read-only, bound values); an SQL error becomes an ActionError. */
export function executorQuery(side: Side, signal: AbortSignal, readOnly = true): Query {
  return async (query, params = []) => {
    const result = await side.executor.run({ kind: 'sql', on: side.name, query, params, readOnly }, { signal });
    if (result.error || result.timedOut) {
      throw new ActionError(`${side.name}: ${result.error ?? 'query timed out'}`, { hint: 'Check that the database is reachable.' });
    }
    // For a statement without columns (an INSERT) rowCount is the number of rows written.
    if (result.columns.length > 0 && result.rows.length < result.rowCount) {
      throw new ActionError(`${side.name}: the executor returned ${result.rows.length} of ${result.rowCount} rows`, {
        hint: 'Lower batch_size for this copy.',
      });
    }
    return result.rows;
  };
}

/**
 * Copies rows between two databases through two clients (a Turso copy and production, or
 * any pair pitstop reaches with SQL), for every table shape: by its key, single or composite
 * (see `copyKeyedTwoSides`), or, without one, as a multiset over all columns (see
 * `copyMultisetTwoSides`). Each batch is its own transaction on production, so a copy
 * interrupted half-way is finished by running it again.
 */
export async function copyThroughExecutors(
  source: Side,
  dest: Side,
  args: CopyArgs,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<CopyOutcome> {
  const sides = { readSrc: executorQuery(source, signal), readDest: executorQuery(dest, signal), write: executorQuery(dest, signal, false), log };
  const destCols = await tableColumns(sides.readDest, args.table);
  const match = await rowMatch(sides.readDest, args.table, destCols, args.key);
  log(`${args.table}: ${describeMatch(match)}`);
  refuseKeylessOverwrite(match, args);
  const cols = sharedColumns(destCols, await tableColumns(sides.readSrc, args.table), match.columns, args.table);
  const fks = checkedForeignKeys(await foreignKeys(sides.readDest, args.table), args.table, cols);
  const counts =
    match.strategy === 'no-key' ? await copyMultisetTwoSides(sides, cols, fks, args) : await copyKeyedTwoSides(sides, cols, match.columns, fks, args);
  const key = match.columns.join(', ');
  const rowidKey = match.columns.length === 1 && isRowidKey(destCols, key);
  const loss = await lossAfterCopy(sides.readDest, args.table, key, rowidKey, '', sides.readSrc);
  return { ...counts, ...loss, columns: cols, key, strategy: match.strategy, key_columns: match.columns };
}
