import type { Transaction } from '@libsql/client';
import { quoteIdent } from '../../util/sql-ident.js';
import { num } from './client.js';
import { type CopyArgs, type CopyCounts, emptyCounts, whereSql } from './copy-spec.js';
import type { ForeignKey } from './foreign-keys.js';
import { parentsPresentSql } from './parent-check.js';

/**
 * Copies a table without any key from the attached copy `src`, as a multiset difference:
 * each distinct row of the copy is inserted as many times as the copy has it more than
 * production, so rows written after the copy stay and a second run inserts nothing. Rows
 * are grouped over all columns, NULLs count as equal (`IS`), and numbers are compared
 * exactly. The difference is computed once (a temporary table on this connection), then
 * written `batch_size` distinct rows at a time.
 */
export async function copyMultiset(
  tx: Transaction,
  src: string,
  cols: string[],
  fks: ForeignKey[],
  args: CopyArgs,
  log: (line: string) => void,
): Promise<CopyCounts> {
  const counts = emptyCounts();
  const t = quoteIdent(args.table);
  const filter = whereSql(args.where, 's');
  const aliases = cols.map((_, i) => `c${i}`);
  const pick = (alias: string) => cols.map((c, i) => `${alias}.${quoteIdent(c)} AS ${aliases[i]}`).join(', ');
  // Whether the row's parents are in production, decided once per distinct row.
  const parentsOk = parentsPresentSql(fks, (c) => `u.${aliases[cols.indexOf(c)]}`);
  // One grouping over both sides (GROUP BY puts NULLs together) instead of a lookup per
  // distinct row: a table without a key has no index to make lookups cheap.
  await tx.execute(`DROP TABLE IF EXISTS ${DIFF}`);
  await tx.execute({
    sql:
      `CREATE TABLE ${DIFF} AS SELECT ${aliases.join(', ')}, sum(pitstop_src) AS pitstop_n, sum(pitstop_prod) AS pitstop_have, ${parentsOk} AS pitstop_ok FROM (` +
      `SELECT ${pick('s')}, 1 AS pitstop_src, 0 AS pitstop_prod FROM ${src}.${t} s WHERE 1${filter.sql}` +
      ` UNION ALL SELECT ${pick('m')}, 0, 1 FROM main.${t} m) u GROUP BY ${aliases.join(', ')} HAVING sum(pitstop_src) > 0`,
    args: filter.args as never,
  });
  try {
    const times = 'r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < (SELECT max(pitstop_n - pitstop_have) FROM d))';
    const insert =
      `INSERT INTO main.${t} (${cols.map(quoteIdent).join(', ')}) WITH RECURSIVE d AS (SELECT * FROM ${DIFF} WHERE rowid > ? AND rowid <= ? AND pitstop_ok), ${times}` +
      ` SELECT ${aliases.map((a) => `d.${a}`).join(', ')} FROM d JOIN r ON r.i <= d.pitstop_n - d.pitstop_have`;
    for (let last = 0; ; ) {
      const page = (
        await tx.execute({
          sql: `SELECT count(*) AS groups, max(rowid) AS last, coalesce(sum(pitstop_n), 0) AS pitstop_rows, coalesce(sum(min(pitstop_n, pitstop_have)), 0) AS present, coalesce(sum(CASE WHEN pitstop_ok THEN 0 ELSE max(pitstop_n - pitstop_have, 0) END), 0) AS orphans FROM (SELECT rowid, * FROM ${DIFF} WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
          args: [last, args.batch_size],
        })
      ).rows[0];
      const distinct = num(page?.['groups']);
      if (distinct === 0) return counts;
      const upTo = num(page?.['last']);
      counts.candidates += num(page?.['pitstop_rows']);
      counts.skipped_existing += num(page?.['present']);
      counts.orphans += num(page?.['orphans']);
      if (!args.count_only) counts.copied += (await tx.execute({ sql: insert, args: [last, upTo] })).rowsAffected;
      last = upTo;
      log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
      if (distinct < args.batch_size) return counts;
    }
  } finally {
    // After a failed statement the transaction is rolled back anyway, and the temporary
    // table with it: a failing DROP must not hide the error that matters.
    await tx.execute(`DROP TABLE IF EXISTS ${DIFF}`).catch(() => undefined);
  }
}

/** The difference, per distinct row of the copy: how many times each side has it. */
const DIFF = 'temp.pitstop_multiset';
