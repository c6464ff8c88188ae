import { quoteIdent } from '../../util/sql-ident.js';
import { type CopyArgs, type CopyCounts, emptyCounts, upsertClause, whereSql } from './copy-spec.js';
import type { ForeignKey } from './foreign-keys.js';
import { parentsPresent } from './parent-check.js';
import type { Query } from './table-info.js';
import { afterRow, type Bound } from './row-order.js';
import { sqlTuples, sqlValue, typedKey, typedRow, typedSelect, type TypedValue } from './typed-values.js';

/** Both sides of a copy through two clients: reads of the copy, reads and writes of production. */
export interface TwoSides {
  readSrc: Query;
  readDest: Query;
  write: Query;
  log: (line: string) => void;
}

/**
 * Key by key through two clients, for a single or composite key: a batch of the copy in key
 * order (paged with conditions that hold with NULLs too), one question to production for which
 * of those keys it has (`(a IS ? AND b IS ?) OR …`: a rowid table's primary key may hold
 * NULLs, matched as equal), the others inserted with bound values, each
 * value written back with the type it was stored with. Each batch is its own transaction on
 * production, so a copy interrupted half-way is finished by running it again.
 */
export async function copyKeyedTwoSides(sides: TwoSides, cols: string[], keys: string[], fks: ForeignKey[], args: CopyArgs): Promise<CopyCounts> {
  const { readSrc, readDest, write, log } = sides;
  const t = quoteIdent(args.table);
  const keyExprs = keys.map(quoteIdent);
  const keyList = keyExprs.join(', ');
  const keyAt = keys.map((k) => cols.indexOf(k));
  const keyOf = (row: TypedValue[]) => keyAt.map((i) => row[i]!);
  const filter = whereSql(args.where);
  const counts = emptyCounts();
  let last: TypedValue[] | null = null;
  for (;;) {
    const after = last === null ? { sql: '1', args: [] } : afterRow(keyExprs, last, false);
    const rows = (
      await readSrc(`SELECT ${typedSelect(cols)} FROM ${t} WHERE ${after.sql}${filter.sql} ORDER BY ${keyList} LIMIT ?`, [...after.args, ...filter.args, args.batch_size])
    ).map((r) => typedRow(r, cols.length));
    if (rows.length === 0) break;
    const asked = matchAny(keyExprs, rows.map(keyOf));
    const found = await readDest(`SELECT ${typedSelect(keys)} FROM ${t} WHERE ${asked.sql}`, asked.args);
    const present = new Set(found.map((r) => typedKey(typedRow(r, keys.length))));
    const isPresent = (row: TypedValue[]) => present.has(typedKey(keyOf(row)));
    counts.candidates += rows.length;
    const missing = rows.filter((r) => !isPresent(r));
    const candidates = args.overwrite ? rows : missing;
    const parentsOk = await parentsPresent(readDest, fks, cols, candidates);
    const toWrite = candidates.filter((_, i) => parentsOk[i]);
    counts.orphans += candidates.length - toWrite.length;
    const overwriting = args.overwrite ? toWrite.filter(isPresent).length : 0;
    counts.overwritten += overwriting;
    counts.skipped_existing += rows.length - missing.length - overwriting;
    if (!args.count_only && toWrite.length > 0) {
      const values = sqlTuples(toWrite);
      await write(`INSERT INTO ${t} (${cols.map(quoteIdent).join(', ')}) VALUES ${values.sql}${args.overwrite ? upsertClause(cols, keys) : ''}`, values.args);
      counts.copied += toWrite.length - overwriting;
    }
    last = keyOf(rows[rows.length - 1]!);
    log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    if (rows.length < args.batch_size) break;
  }
  return counts;
}

/** Rows whose `exprs` equal (`IS`, NULLs included) one of `keys`. */
function matchAny(exprs: string[], keys: TypedValue[][]): Bound {
  const args: unknown[] = [];
  const terms = keys.map((key) => {
    const parts = key.map((v, i) => {
      const b = sqlValue(v);
      args.push(...b.args);
      return `${exprs[i]} IS ${b.sql}`;
    });
    return `(${parts.join(' AND ')})`;
  });
  return { sql: terms.join(' OR '), args };
}
