/**
 * The CHECK expressions of a `CREATE TABLE` statement (column and table constraints alike),
 * as written between their parentheses. SQLite keeps no catalog of checks: the DDL is where
 * they are. Strings, quoted identifiers and comments are stepped over, so a `CHECK` inside a
 * default text or a column named "check" is not taken for one.
 */
export function checksOf(sql: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 64))?.[0];
    if (!word) {
      i += 1;
      continue;
    }
    const before = i === 0 ? ' ' : sql[i - 1]!;
    i += word.length;
    if (word.toLowerCase() !== 'check' || /[A-Za-z0-9_$]/.test(before)) continue;
    let open = i;
    while (/\s/.test(sql[open] ?? '')) open += 1;
    if (sql[open] !== '(') continue;
    const close = matching(sql, open);
    if (close < 0) break;
    out.push(sql.slice(open + 1, close).trim());
    i = close + 1;
  }
  return out;
}

/** The index after a string, quoted identifier or comment starting at `i` (or `i` itself). */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"' || ch === '`') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch) {
        if (sql[j + 1] === ch) j += 2;
        else return j + 1;
      } else j += 1;
    }
    return sql.length;
  }
  const end = (closer: string) => {
    const at = sql.indexOf(closer, i + 1);
    return at < 0 ? sql.length : at + closer.length;
  };
  if (ch === '[') return end(']');
  if (sql.startsWith('--', i)) return end('\n');
  if (sql.startsWith('/*', i)) return end('*/');
  return i;
}

/** The index of the parenthesis closing the one at `open`, or -1. */
function matching(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; ) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (sql[i] === '(') depth += 1;
    if (sql[i] === ')' && --depth === 0) return i;
    i += 1;
  }
  return -1;
}
