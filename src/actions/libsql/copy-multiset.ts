import type { Transaction } from '@libsql/client';
import { quoteIdent } from '../../util/sql-ident.js';
import { num } from './client.js';
import { type CopyArgs, type CopyCounts, emptyCounts, whereSql } from './copy-spec.js';

/**
 * Copies a table without any key from the attached copy `src`, as a multiset difference:
 * each distinct row of the copy is inserted as many times as the copy has it more than
 * production, so rows written after the copy stay and a second run inserts nothing. Rows
 * are grouped over all columns, NULLs count as equal (`IS`), and numbers are compared
 * exactly. A batch is `batch_size` distinct rows of the copy, read in a stable order.
 */
export async function copyMultiset(
  tx: Transaction,
  src: string,
  cols: string[],
  args: CopyArgs,
  log: (line: string) => void,
): Promise<CopyCounts> {
  const counts = emptyCounts();
  const t = quoteIdent(args.table);
  const filter = whereSql(args.where, 's');
  const aliases = cols.map((_, i) => `c${i}`);
  const positions = cols.map((_, i) => i + 1).join(', ');
  // The copy's distinct rows of one batch, with how many times it has each.
  const groups =
    `g AS (SELECT ${cols.map((c, i) => `s.${quoteIdent(c)} AS ${aliases[i]}`).join(', ')}, count(*) AS pitstop_n` +
    ` FROM ${src}.${t} s WHERE 1${filter.sql} GROUP BY ${positions} ORDER BY ${positions} LIMIT ? OFFSET ?)`;
  const inProduction = `(SELECT count(*) FROM main.${t} m WHERE ${cols.map((c, i) => `m.${quoteIdent(c)} IS g.${aliases[i]}`).join(' AND ')})`;
  for (let offset = 0; ; offset += args.batch_size) {
    const params = [...filter.args, args.batch_size, offset] as never;
    const seen = (
      await tx.execute({
        sql: `WITH ${groups} SELECT count(*) AS groups, coalesce(sum(pitstop_n), 0) AS rows, coalesce(sum(min(pitstop_n, ${inProduction})), 0) AS present FROM g`,
        args: params,
      })
    ).rows[0];
    const distinct = num(seen?.['groups']);
    if (distinct === 0) return counts;
    counts.candidates += num(seen?.['rows']);
    counts.skipped_existing += num(seen?.['present']);
    if (!args.count_only) {
      const missing = `d AS (SELECT g.*, g.pitstop_n - ${inProduction} AS pitstop_missing FROM g)`;
      const times = 'r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < (SELECT max(pitstop_missing) FROM d))';
      const insert =
        `INSERT INTO main.${t} (${cols.map(quoteIdent).join(', ')}) WITH RECURSIVE ${groups}, ${missing}, ${times}` +
        ` SELECT ${aliases.map((a) => `d.${a}`).join(', ')} FROM d JOIN r ON r.i <= d.pitstop_missing`;
      counts.copied += (await tx.execute({ sql: insert, args: params })).rowsAffected;
    }
    log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    if (distinct < args.batch_size) return counts;
  }
}
