import { sqlValue, type TypedValue } from './typed-values.js';

/** A bound SQL fragment. */
export interface Bound {
  sql: string;
  args: unknown[];
}

/**
 * Rows after (or, `inclusive`, at or after) `values` in the order `ORDER BY cols` gives, as a
 * condition that holds with NULLs too (a NULL sorts first, and `x > NULL` is never true, so a
 * plain row-value comparison would stop paging at the first NULL). `cols` are SQL expressions.
 */
export function afterRow(cols: string[], values: TypedValue[], inclusive: boolean): Bound {
  let tail: Bound = { sql: inclusive ? '1' : '0', args: [] };
  for (let i = cols.length - 1; i >= 0; i--) {
    const c = cols[i]!;
    const v = sqlValue(values[i]!);
    const greater: Bound = values[i]!.type === 'null' ? { sql: `${c} IS NOT NULL`, args: [] } : { sql: `${c} > ${v.sql}`, args: v.args };
    tail = { sql: `(${greater.sql} OR (${c} IS ${v.sql} AND ${tail.sql}))`, args: [...greater.args, ...v.args, ...tail.args] };
  }
  return withSeek(cols[0]!, '>=', values[0]!, tail);
}

/**
 * The same condition with a plain bound on the first column in front, when its value is not
 * NULL (it is then implied): the OR form alone would keep SQLite from seeking in an index.
 */
function withSeek(col: string, op: '>=' | '<=', value: TypedValue, condition: Bound): Bound {
  if (value.type === 'null') return condition;
  const v = sqlValue(value);
  return { sql: `${col} ${op} ${v.sql} AND ${condition.sql}`, args: [...v.args, ...condition.args] };
}

/**
 * Rows from `first` to `last` (both included) in the order `ORDER BY cols` gives, NULLs
 * included, bounded on the first column where that is implied (for an index to seek).
 */
export function rowRange(cols: string[], first: TypedValue[], last: TypedValue[]): Bound {
  const from = afterRow(cols, first, true);
  const upTo = upToRow(cols, last);
  // Past a non-NULL first value no NULL comes, so the upper bound is plain too.
  const bounded = first[0]!.type === 'null' ? upTo : withSeek(cols[0]!, '<=', last[0]!, upTo);
  return { sql: `${from.sql} AND ${bounded.sql}`, args: [...from.args, ...bounded.args] };
}

/** Rows at or before `values` in the order `ORDER BY cols` gives (NULLs first). */
export function upToRow(cols: string[], values: TypedValue[]): Bound {
  let tail: Bound = { sql: '1', args: [] };
  for (let i = cols.length - 1; i >= 0; i--) {
    const c = cols[i]!;
    const v = sqlValue(values[i]!);
    const less: Bound = values[i]!.type === 'null' ? { sql: '0', args: [] } : { sql: `(${c} IS NULL OR ${c} < ${v.sql})`, args: v.args };
    tail = { sql: `(${less.sql} OR (${c} IS ${v.sql} AND ${tail.sql}))`, args: [...less.args, ...v.args, ...tail.args] };
  }
  return tail;
}
