import type { Client, Transaction } from '@libsql/client';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { isCorruptionError, num, openLocal } from './client.js';
import type { CopyOutcome } from './copy-executors.js';
import { copyMultiset } from './copy-multiset.js';
import { type CopyArgs, type CopyCounts, emptyCounts, type KeyedCopyArgs, refuseKeylessOverwrite, sharedColumns, upsertClause, whereSql } from './copy-spec.js';
import { lossAfterCopy } from './copy-loss.js';
import { foreignKeys, type ForeignKey } from './foreign-keys.js';
import { checkedForeignKeys, parentsPresentSql } from './parent-check.js';
import { describeMatch, rowMatch } from './match-key.js';
import { salvageCopy } from './copy-salvage.js';
import { clientQuery, isRowidKey, tableColumns } from './table-info.js';
import { afterRow, rowRange } from './row-order.js';
import { typedOf, type TypedValue } from './typed-values.js';

const SRC = 'pitstop_src';

/**
 * Copies rows between two local files on ONE connection: the copy is ATTACHed (ATTACH is
 * per connection) and every batch runs inside one write transaction, so the whole copy
 * commits or nothing does. Rows are matched by the table's key (see `rowMatch`: composite
 * keys included), or as a multiset over all columns when it has none; existing rows are
 * left alone unless `overwrite`. When the copy turns out to be damaged, that transaction is rolled back and
 * the copy is read on its own connection instead (see `salvageCopy`), so every readable row
 * is saved and the unreadable keys are counted.
 */
export async function copyAttached(
  destPath: string,
  sourcePath: string,
  requested: CopyArgs,
  log: (line: string) => void,
): Promise<CopyOutcome> {
  const client = await openLocal(destPath);
  try {
    await client.execute({ sql: `ATTACH DATABASE ? AS ${SRC}`, args: [sourcePath] });
    const q = clientQuery(client);
    const destCols = await tableColumns(q, requested.table);
    const match = await rowMatch(q, requested.table, destCols, requested.key);
    log(`${requested.table}: ${describeMatch(match)}`);
    refuseKeylessOverwrite(match, requested);
    const args: KeyedCopyArgs = { ...requested, key: match.columns.join(', ') };
    const cols = sharedColumns(destCols, await tableColumns(q, args.table, SRC), match.columns, args.table);
    const rowidKey = match.columns.length === 1 && isRowidKey(destCols, args.key);
    const fks = checkedForeignKeys(await foreignKeys(q, args.table), args.table, cols);
    const matched = { columns: cols, key: args.key, strategy: match.strategy, key_columns: match.columns };
    let counts = await inOneTransaction(client, args, (tx) =>
      match.strategy === 'no-key' ? copyMultiset(tx, SRC, cols, fks, args, log) : copyBatches(tx, cols, match.columns, fks, args, log),
    );
    if (counts === DAMAGED && rowidKey) {
      log(`the copy of ${args.table} is damaged: reading it on its own connection, by key where needed`);
      await client.execute(`DETACH DATABASE ${SRC}`);
      const source = await openLocal(sourcePath);
      try {
        counts = await inOneTransaction(client, args, (tx) => salvageCopy(tx, source, cols, args));
        const loss = await lossAfterCopy(q, args.table, args.key, rowidKey, '', clientQuery(source));
        return { ...(counts as CopyCounts), ...loss, ...matched };
      } finally {
        source.close();
      }
    }
    if (counts === DAMAGED) {
      const key = match.strategy === 'no-key' ? 'it has no key' : `its key (${args.key}) is not the rowid`;
      throw new ActionError(`the copy of ${args.table} is damaged and ${key}, so it cannot be read key by key`, {
        hint: 'Copy from an older snapshot or a point-in-time copy instead.',
      });
    }
    const loss = await lossAfterCopy(q, args.table, args.key, rowidKey, `${SRC}.`);
    await client.execute(`DETACH DATABASE ${SRC}`);
    return { ...counts, ...loss, ...matched };
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

/**
 * Key by key in key order, `batch_size` keys at a time, paged and ranged in that order with
 * conditions that hold with NULLs too: SQLite lets a rowid table's (non-integer) primary key
 * hold NULLs, and such a key is matched with `IS`, so it is copied once, not on every run.
 */
async function copyBatches(tx: Transaction, cols: string[], keys: string[], fks: ForeignKey[], args: KeyedCopyArgs, log: (l: string) => void): Promise<CopyCounts> {
  const counts = emptyCounts();
  const t = quoteIdent(args.table);
  const keyExprs = keys.map((k) => `s.${quoteIdent(k)}`);
  const colList = cols.map(quoteIdent).join(', ');
  const filter = whereSql(args.where, 's');
  const exists = `EXISTS (SELECT 1 FROM main.${t} m WHERE ${keys.map((k) => `m.${quoteIdent(k)} IS s.${quoteIdent(k)}`).join(' AND ')})`;
  const keyAliases = keys.map((_, i) => `k${i}`);
  const parentsOk = parentsPresentSql(fks, (c) => `s.${quoteIdent(c)}`);
  let last: TypedValue[] | null = null;
  for (;;) {
    let batch: TypedValue[][];
    let existing: number;
    let written = 0;
    let orphans = 0;
    try {
      const after = last === null ? { sql: '1', args: [] } : afterRow(keyExprs, last, false);
      const rs = await tx.execute({
        sql: `SELECT ${keys.map((k, i) => `s.${quoteIdent(k)} AS ${keyAliases[i]}`).join(', ')} FROM ${SRC}.${t} s WHERE ${after.sql}${filter.sql} ORDER BY ${keyExprs.join(', ')} LIMIT ?`,
        args: [...after.args, ...filter.args, args.batch_size] as never,
      });
      batch = rs.rows.map((r) => keyAliases.map((a) => typedOf(r[a])));
      if (batch.length === 0) return counts;
      const within = rowRange(keyExprs, batch[0]!, batch[batch.length - 1]!);
      const range = { sql: ` AND ${within.sql}${filter.sql}`, args: [...within.args, ...filter.args] };
      existing = num((await tx.execute({ sql: `SELECT count(*) AS n FROM ${SRC}.${t} s WHERE ${exists}${range.sql}`, args: range.args as never })).rows[0]?.['n']);
      if (!args.count_only) {
        const insert = args.overwrite
          ? `INSERT INTO main.${t} (${colList}) SELECT ${colList} FROM ${SRC}.${t} s WHERE ${parentsOk}${range.sql}${upsertClause(cols, keys)}`
          : `INSERT INTO main.${t} (${colList}) SELECT ${colList} FROM ${SRC}.${t} s WHERE NOT ${exists} AND ${parentsOk}${range.sql}`;
        // A failed statement undoes only itself, so a batch is all in or all out.
        written = (await tx.execute({ sql: insert, args: range.args as never })).rowsAffected;
      }
      if (fks.length > 0) {
        const sql = `SELECT count(*) AS n FROM ${SRC}.${t} s WHERE NOT ${exists} AND NOT (${parentsOk})${range.sql}`;
        orphans = num((await tx.execute({ sql, args: range.args as never })).rows[0]?.['n']);
      }
    } catch (error) {
      if (isCorruptionError(error)) log(`the copy of ${args.table} is damaged after key ${last === null ? 0 : last.map((v) => String(v.value)).join(', ')}`);
      throw error;
    }
    counts.candidates += batch.length;
    counts.orphans += orphans;
    counts.copied += args.overwrite ? written - existing : written;
    if (args.overwrite) counts.overwritten += existing;
    else counts.skipped_existing += existing;
    last = batch[batch.length - 1]!;
    log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    if (batch.length < args.batch_size) return counts;
  }
}
