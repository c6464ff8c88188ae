import { quoteIdent } from '../../util/sql-ident.js';
import type { Bound } from './row-order.js';

/**
 * A value read through an SQL executor without losing what SQLite stored: the executor
 * hands rows over as JSON-safe values (a blob becomes `\x…` text, a large integer a string),
 * so the copy through two connections reads each value with its type and writes it back as
 * that type.
 */
export interface TypedValue {
  type: 'null' | 'integer' | 'real' | 'text' | 'blob';
  /** Integers as decimal text, blobs as hex, reals as numbers, text as is. */
  value: unknown;
}

/** The select list for `cols` as typed values: `t<i>` its type, `v<i>` its value in a lossless form. */
export function typedSelect(cols: string[], prefix = ''): string {
  return cols
    .map((c, i) => {
      const col = `${prefix}${quoteIdent(c)}`;
      return `typeof(${col}) AS t${i}, CASE typeof(${col}) WHEN 'blob' THEN hex(${col}) WHEN 'integer' THEN CAST(${col} AS TEXT) ELSE ${col} END AS v${i}`;
    })
    .join(', ');
}

/** The typed values of a row read with `typedSelect`, in column order. */
export function typedRow(row: Record<string, unknown>, count: number): TypedValue[] {
  return Array.from({ length: count }, (_, i) => ({ type: String(row[`t${i}`]) as TypedValue['type'], value: row[`v${i}`] ?? null }));
}

/** An SQL expression that yields exactly the stored value back (bound, never interpolated). */
export function sqlValue(v: TypedValue): Bound {
  switch (v.type) {
    case 'null':
      return { sql: 'NULL', args: [] };
    // `? + 0` rather than CAST: a CAST has an affinity, which would make a column's text '1'
    // compare equal to the integer 1; an arithmetic result has none.
    case 'integer':
      return { sql: '(? + 0)', args: [String(v.value)] };
    case 'real':
      return { sql: '(? + 0.0)', args: [Number(v.value)] };
    case 'blob':
      return { sql: 'unhex(?)', args: [String(v.value)] };
    default:
      return { sql: '?', args: [v.value] };
  }
}

/** Several values as `(a, b, …)`, bound. */
export function sqlTuple(values: TypedValue[]): Bound {
  const parts = values.map(sqlValue);
  return { sql: `(${parts.map((p) => p.sql).join(', ')})`, args: parts.flatMap((p) => p.args) };
}

/** Many tuples joined with `, ` (for VALUES and IN lists). */
export function sqlTuples(rows: TypedValue[][]): Bound {
  const parts = rows.map(sqlTuple);
  return { sql: parts.map((p) => p.sql).join(', '), args: parts.flatMap((p) => p.args) };
}

/**
 * A string equal for two value lists exactly when SQLite compares them equal column by column
 * (NULLs included): an integer and the same real are one number, text and blob differ.
 */
export function typedKey(values: TypedValue[]): string {
  return JSON.stringify(
    values.map((v) => {
      if (v.type === 'integer' || v.type === 'real') {
        const n = Number(v.value);
        return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? `n${n}` : v.type === 'integer' ? `i${String(v.value)}` : `r${n}`;
      }
      return `${v.type[0]}${String(v.value)}`;
    }),
  );
}

/** A value as a libSQL client returns it, typed for comparisons (an integral number counts as an integer). */
export function typedOf(value: unknown): TypedValue {
  if (value === null || value === undefined) return { type: 'null', value: null };
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer', value: String(value) } : { type: 'real', value };
  if (value instanceof ArrayBuffer) return { type: 'blob', value: Buffer.from(value).toString('hex') };
  if (ArrayBuffer.isView(value)) return { type: 'blob', value: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') };
  return { type: 'text', value: String(value) };
}
