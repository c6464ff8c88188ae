import { quoteIdent } from '../../util/sql-ident.js';
import { type CopyArgs, type CopyCounts, emptyCounts, whereSql } from './copy-spec.js';
import type { TwoSides } from './copy-two-keyed.js';
import type { ForeignKey } from './foreign-keys.js';
import { parentsPresent } from './parent-check.js';
import { afterRow, type Bound, rowRange } from './row-order.js';
import { sqlTuples, typedKey, typedRow, typedSelect, type TypedValue } from './typed-values.js';

/**
 * A table without a key through two clients, as a multiset difference in bounded memory:
 * the copy's distinct rows are read grouped (with their counts) and ordered on all columns,
 * `batch_size` groups at a time; production is asked for its groups in the same range of that
 * order only, and keeps just the counts of the groups of the page. Each distinct row is then
 * inserted as many times as the copy has it more than production. Neither side's whole table
 * is ever held; each page costs a grouped scan of each side (a table without a key has no
 * index to seek in). Values compare as SQLite stores them (BINARY collation, NULLs equal).
 */
export async function copyMultisetTwoSides(sides: TwoSides, cols: string[], fks: ForeignKey[], args: CopyArgs): Promise<CopyCounts> {
  const { readSrc, readDest, write, log } = sides;
  const t = quoteIdent(args.table);
  const exprs = cols.map((c) => `${quoteIdent(c)} COLLATE BINARY`);
  const filter = whereSql(args.where);
  const grouped = (where: Bound): Bound => ({
    sql: `SELECT ${typedSelect(cols)}, count(*) AS pitstop_n FROM ${t} WHERE ${where.sql} GROUP BY ${exprs.join(', ')} ORDER BY ${exprs.join(', ')} LIMIT ?`,
    args: [...where.args, args.batch_size],
  });
  const read = async (query: typeof readSrc, where: Bound) => {
    const q = grouped(where);
    return (await query(q.sql, q.args)).map((r) => ({ values: typedRow(r, cols.length), n: Number(r['pitstop_n']) }));
  };
  const counts = emptyCounts();
  let after: Bound = { sql: '1', args: [] };
  for (;;) {
    const page = await read(readSrc, { sql: `${after.sql}${filter.sql}`, args: [...after.args, ...filter.args] });
    if (page.length === 0) return counts;
    const first = page[0]!.values;
    const last = page[page.length - 1]!.values;
    // Production's groups in the page's range, in pages too; only the page's groups are kept.
    const wanted = new Set(page.map((g) => typedKey(g.values)));
    const have = new Map<string, number>();
    const range = rowRange(exprs, first, last);
    for (let next: Bound = { sql: '1', args: [] }; ; ) {
      const there = await read(readDest, { sql: `${range.sql} AND ${next.sql}`, args: [...range.args, ...next.args] });
      for (const g of there) if (wanted.has(typedKey(g.values))) have.set(typedKey(g.values), g.n);
      if (there.length < args.batch_size) break;
      next = afterRow(exprs, there[there.length - 1]!.values, false);
    }
    const missing: { values: TypedValue[]; times: number }[] = [];
    for (const g of page) {
      const there = have.get(typedKey(g.values)) ?? 0;
      counts.candidates += g.n;
      counts.skipped_existing += Math.min(g.n, there);
      if (g.n > there) missing.push({ values: g.values, times: g.n - there });
    }
    const ok = await parentsPresent(readDest, fks, cols, missing.map((m) => m.values));
    for (const [i, m] of missing.entries()) if (!ok[i]) counts.orphans += m.times;
    if (!args.count_only) counts.copied += await insertRepeated(write, t, cols, missing.filter((_, i) => ok[i]), args.batch_size);
    log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    if (page.length < args.batch_size) return counts;
    after = afterRow(exprs, last, false);
  }
}

/** Inserts each row `times` times, at most `batch` rows per statement; returns the rows written. */
async function insertRepeated(write: TwoSides['write'], t: string, cols: string[], rows: { values: TypedValue[]; times: number }[], batch: number): Promise<number> {
  let pending: TypedValue[][] = [];
  let written = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const values = sqlTuples(pending);
    await write(`INSERT INTO ${t} (${cols.map(quoteIdent).join(', ')}) VALUES ${values.sql}`, values.args);
    written += pending.length;
    pending = [];
  };
  for (const { values, times } of rows) {
    for (let i = 0; i < times; i++) {
      pending.push(values);
      if (pending.length >= batch) await flush();
    }
  }
  await flush();
  return written;
}
