/**
 * True when `sql` holds more than one statement: a `;` followed by anything but blanks and
 * comments, outside quotes ('…', "…", `…`, […]) and comments (`--`, `/* … *\/`). @libsql/client
 * silently runs only the first statement of such a text, so pitstop refuses it instead.
 */
export function hasSeveralStatements(sql: string): boolean {
  let i = 0;
  let ended = false;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ended) return true;
    if (ch === ';') {
      ended = true;
      i += 1;
      continue;
    }
    const close = ch === "'" || ch === '"' || ch === '`' ? ch : ch === '[' ? ']' : null;
    if (close) {
      // A doubled quote inside a quoted text is an escaped quote, and the scan just continues.
      const end = sql.indexOf(close, i + 1);
      i = end === -1 ? n : end + 1;
      continue;
    }
    i += 1;
  }
  return false;
}
