import { ActionError } from '../../errors.js';
import type { SqlExecutor } from '../../executors/types.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { type CopyArgs, type CopyCounts, emptyCounts, singleKeyOf, sharedColumns, upsertClause, whereSql } from './copy-spec.js';
import { lossAfterCopy, type Loss } from './copy-loss.js';
import { describeMatch, type MatchStrategy, rowMatch } from './match-key.js';
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
 * any pair pitstop reaches with SQL): read a batch from the copy by key, ask production
 * which keys it has, insert the others. Each batch is its own transaction on production,
 * so a copy interrupted half-way is finished by running it again (rows already there are
 * skipped).
 */
export async function copyThroughExecutors(
  source: Side,
  dest: Side,
  requested: CopyArgs,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<CopyOutcome> {
  const readSrc = executorQuery(source, signal);
  const readDest = executorQuery(dest, signal);
  const write = executorQuery(dest, signal, false);
  const destCols = await tableColumns(readDest, requested.table);
  const match = await rowMatch(readDest, requested.table, destCols, requested.key);
  const args = singleKeyOf(match, requested);
  log(`${args.table}: ${describeMatch(match)}`);
  const cols = sharedColumns(destCols, await tableColumns(readSrc, args.table), args.key, args.table);
  const t = quoteIdent(args.table);
  const k = quoteIdent(args.key);
  const filter = whereSql(args.where);
  const counts = emptyCounts();
  let last: unknown = null;
  for (;;) {
    const after = last === null ? '' : ` AND ${k} > ?`;
    const rows = await readSrc(
      `SELECT ${cols.map(quoteIdent).join(', ')} FROM ${t} WHERE 1${after}${filter.sql} ORDER BY ${k} LIMIT ?`,
      [...(last === null ? [] : [last]), ...filter.args, args.batch_size],
    );
    if (rows.length === 0) break;
    const keys = rows.map((r) => r[args.key]);
    const present = new Set(
      (await readDest(`SELECT ${k} AS k FROM ${t} WHERE ${k} IN (${keys.map(() => '?').join(', ')})`, keys)).map((r) => r['k']),
    );
    counts.candidates += rows.length;
    const toWrite = args.overwrite ? rows : rows.filter((r) => !present.has(r[args.key]));
    if (args.overwrite) counts.overwritten += present.size;
    else counts.skipped_existing += present.size;
    if (!args.count_only && toWrite.length > 0) {
      const tuple = `(${cols.map(() => '?').join(', ')})`;
      await write(
        `INSERT INTO ${t} (${cols.map(quoteIdent).join(', ')}) VALUES ${toWrite.map(() => tuple).join(', ')}${args.overwrite ? upsertClause(cols, args.key) : ''}`,
        toWrite.flatMap((r) => cols.map((c) => r[c] ?? null)),
      );
      counts.copied += toWrite.length - (args.overwrite ? present.size : 0);
    }
    last = keys[keys.length - 1];
    log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    if (rows.length < args.batch_size) break;
  }
  const loss = await lossAfterCopy(readDest, args.table, args.key, isRowidKey(destCols, args.key), '', readSrc);
  return { ...counts, ...loss, columns: cols, key: args.key, strategy: match.strategy, key_columns: match.columns };
}
