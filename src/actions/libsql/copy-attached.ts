import type { Client, Transaction } from '@libsql/client';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { isCorruptionError, num, openLocal } from './client.js';
import { type CopyArgs, type CopyCounts, emptyCounts, keyOf, type KeyedCopyArgs, sharedColumns, upsertClause, whereSql } from './copy-spec.js';
import { lossAfterCopy, type Loss } from './copy-loss.js';
import { salvageCopy } from './copy-salvage.js';
import { clientQuery, isRowidKey, tableColumns } from './table-info.js';

const SRC = 'pitstop_src';

/**
 * Copies rows between two local files on ONE connection: the copy is ATTACHed (ATTACH is
 * per connection) and every batch runs inside one write transaction, so the whole copy
 * commits or nothing does. Rows are matched by key; existing rows are left alone unless
 * `overwrite`. When the copy turns out to be damaged, that transaction is rolled back and
 * the copy is read on its own connection instead (see `salvageCopy`), so every readable row
 * is saved and the unreadable keys are counted.
 */
export async function copyAttached(
  destPath: string,
  sourcePath: string,
  requested: CopyArgs,
  log: (line: string) => void,
): Promise<CopyCounts & Loss & { columns: string[]; key: string }> {
  const client = await openLocal(destPath);
  try {
    await client.execute({ sql: `ATTACH DATABASE ? AS ${SRC}`, args: [sourcePath] });
    const q = clientQuery(client);
    const destCols = await tableColumns(q, requested.table);
    const args = keyOf(destCols, requested);
    const cols = sharedColumns(destCols, await tableColumns(q, args.table, SRC), args.key, args.table);
    const rowidKey = isRowidKey(destCols, args.key);
    let counts = await inOneTransaction(client, args, (tx) => copyBatches(tx, cols, args, log));
    if (counts === DAMAGED && rowidKey) {
      log(`the copy of ${args.table} is damaged: reading it on its own connection, by key where needed`);
      await client.execute(`DETACH DATABASE ${SRC}`);
      const source = await openLocal(sourcePath);
      try {
        counts = await inOneTransaction(client, args, (tx) => salvageCopy(tx, source, cols, args));
        const loss = await lossAfterCopy(q, args.table, args.key, rowidKey, '', clientQuery(source));
        return { ...(counts as CopyCounts), ...loss, columns: cols, key: args.key };
      } finally {
        source.close();
      }
    }
    if (counts === DAMAGED) {
      throw new ActionError(`the copy of ${args.table} is damaged and its key ${args.key} is not the rowid, so it cannot be read key by key`, {
        hint: 'Copy from an older snapshot or a point-in-time copy instead.',
      });
    }
    const loss = await lossAfterCopy(q, args.table, args.key, rowidKey, `${SRC}.`);
    await client.execute(`DETACH DATABASE ${SRC}`);
    return { ...counts, ...loss, columns: cols, key: args.key };
  } finally {
    client.close();
  }
}

const DAMAGED = Symbol('damaged');

/** Runs `fn` in one write transaction; a damaged copy rolls everything back and says so. */
async function inOneTransaction(
  client: Client,
  args: KeyedCopyArgs,
  fn: (tx: Transaction) => Promise<CopyCounts>,
): Promise<CopyCounts | typeof DAMAGED> {
  const tx = await client.transaction('write');
  try {
    const counts = await fn(tx);
    if (args.count_only) await tx.rollback();
    else await tx.commit();
    return counts;
  } catch (error) {
    if (isCorruptionError(error)) return DAMAGED;
    throw error;
  } finally {
    if (!tx.closed) await tx.rollback().catch(() => tx.close());
  }
}

async function copyBatches(tx: Transaction, cols: string[], args: KeyedCopyArgs, log: (l: string) => void): Promise<CopyCounts> {
  const counts = emptyCounts();
  const t = quoteIdent(args.table);
  const k = quoteIdent(args.key);
  const colList = cols.map(quoteIdent).join(', ');
  const filter = whereSql(args.where, 's');
  const exists = `EXISTS (SELECT 1 FROM main.${t} m WHERE m.${k} = s.${k})`;
  let last: unknown = null;
  for (;;) {
    let keys: unknown[];
    let existing: number;
    let written = 0;
    try {
      const after = last === null ? '' : ` AND s.${k} > ?`;
      const rs = await tx.execute({
        sql: `SELECT s.${k} AS k FROM ${SRC}.${t} s WHERE 1${after}${filter.sql} ORDER BY s.${k} LIMIT ?`,
        args: [...(last === null ? [] : [last]), ...filter.args, args.batch_size] as never,
      });
      keys = rs.rows.map((r) => r['k']);
      if (keys.length === 0) return counts;
      const range = { sql: ` AND s.${k} >= ? AND s.${k} <= ?${filter.sql}`, args: [keys[0], keys[keys.length - 1], ...filter.args] };
      existing = num((await tx.execute({ sql: `SELECT count(*) AS n FROM ${SRC}.${t} s WHERE ${exists}${range.sql}`, args: range.args as never })).rows[0]?.['n']);
      if (!args.count_only) {
        const insert = args.overwrite
          ? `INSERT INTO main.${t} (${colList}) SELECT ${colList} FROM ${SRC}.${t} s WHERE 1${range.sql}${upsertClause(cols, args.key)}`
          : `INSERT INTO main.${t} (${colList}) SELECT ${colList} FROM ${SRC}.${t} s WHERE NOT ${exists}${range.sql}`;
        // A failed statement undoes only itself, so a batch is all in or all out.
        written = (await tx.execute({ sql: insert, args: range.args as never })).rowsAffected;
      }
    } catch (error) {
      if (isCorruptionError(error)) log(`the copy of ${args.table} is damaged after key ${String(last ?? 0)}`);
      throw error;
    }
    counts.candidates += keys.length;
    counts.copied += args.overwrite ? written - existing : written;
    if (args.overwrite) counts.overwritten += existing;
    else counts.skipped_existing += existing;
    last = keys[keys.length - 1];
    log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    if (keys.length < args.batch_size) return counts;
  }
}
