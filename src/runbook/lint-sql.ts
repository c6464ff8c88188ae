import { str, type Problems } from './lint-problems.js';

/**
 * SQL text with string literals, quoted identifiers ("…", `…`), dollar-quoted bodies and
 * comments blanked out (same length, so offsets still match), leaving only the code: where
 * placeholders and keywords can be.
 */
export function sqlCode(query: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return query.replace(
    /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|(\$[A-Za-z_]*\$)[\s\S]*?(?:\1|$)/g,
    (m) => blank(m),
  );
}

/** `$1`, `$2`… not glued to an identifier (PostgreSQL names may contain `$`). */
function dollarPlaceholders(code: string): Array<{ n: number; index: number; text: string }> {
  return [...code.matchAll(/(?<![\w$])\$(\d+)/g)].map((m) => ({ n: Number(m[1]), index: m.index, text: m[0] }));
}

function questionMarks(code: string): number[] {
  return [...code.matchAll(/\?/g)].map((m) => m.index);
}

/**
 * Placeholders against `params:` for a runbook of one engine: PostgreSQL numbers them
 * (`$1`), libSQL takes `?` in order. Warnings, since the query is only checked by the server.
 */
export function checkPlaceholders(step: Record<string, unknown>, i: number, engine: string | undefined, problems: Problems): void {
  const query = str(step.query);
  if (query === undefined || (engine !== 'postgres' && engine !== 'libsql')) return;
  const count = Array.isArray(step.params) ? step.params.length : 0;
  const code = sqlCode(query);
  const path = ['steps', i, 'query'];
  const dollars = dollarPlaceholders(code);
  if (engine === 'postgres') {
    const missing = dollars.find((d) => d.n > count || d.n === 0);
    if (missing) {
      const has = count === 0 ? 'there is no params: list' : `params: has ${count} value${count === 1 ? '' : 's'}`;
      problems.atChar(path, missing.index, missing.text.length, `${missing.text} has no value: ${has}`, 'warning');
    } else if (count > 0 && dollars.length === 0) {
      problems.atKey(['steps', i], 'params', `params: has ${count} value${count === 1 ? '' : 's'} but the query has no $1, $2… placeholder for them`, 'warning');
    }
    return;
  }
  const first = dollars[0];
  if (first) {
    problems.atChar(path, first.index, first.text.length, `libSQL placeholders are ? (in the order of params:), not ${first.text}`, 'warning');
    return;
  }
  const marks = questionMarks(code);
  if (marks.length !== count) {
    const message = `the query has ${marks.length} ? placeholder${marks.length === 1 ? '' : 's'} and params: has ${count} value${count === 1 ? '' : 's'}`;
    if (marks.length > count) problems.atChar(path, marks[count]!, 1, message, 'warning');
    else problems.atKey(['steps', i], 'params', message, 'warning');
  }
}
