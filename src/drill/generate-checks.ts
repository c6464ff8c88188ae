/**
 * Reading CHECK expressions the row generator can honour: `c IN (…)` (PostgreSQL's
 * `c = ANY (ARRAY[…])` too), comparisons of a column or of `length(c)` with a number,
 * `c BETWEEN a AND b`, `c <> ''`, and any AND of those. Anything else is reported as not
 * honoured, with the columns it names, so the generator can leave one of them NULL.
 */

/** What one check demands of one column. */
export type ColumnRule =
  | { column: string; kind: 'in'; values: Array<string | number> }
  | { column: string; kind: 'min' | 'max'; value: number; strict: boolean }
  | { column: string; kind: 'length-min' | 'length-max'; value: number };

/** A check read: every rule it is made of, or the columns of a check that could not be read. */
export type ReadCheck = { honoured: true; rules: ColumnRule[] } | { honoured: false; columns: string[] };

type Token = { t: 'id'; v: string; quoted: boolean } | { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'op'; v: string };

const KEYWORDS = new Set(['and', 'or', 'in', 'not', 'between', 'is', 'like', 'any', 'array', 'null']);

/** Reads `expression` (the text inside `CHECK (…)`) against the table's `columns`. */
export function readCheck(expression: string, columns: readonly string[]): ReadCheck {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const column = (tok: Token | undefined): string | undefined => (tok?.t === 'id' && (tok.quoted || !KEYWORDS.has(tok.v.toLowerCase())) ? byLower.get(tok.v.toLowerCase()) : undefined);
  const tokens = tokenize(expression);
  const named = () => [...new Set((tokens ?? []).map((tok) => column(tok)).filter((c): c is string => c !== undefined))];
  if (!tokens) return { honoured: false, columns: [] };
  const rules: ColumnRule[] = [];
  for (const part of splitAnd(unwrap(withoutCasts(tokens)))) {
    const read = readAtom(unwrap(part), column);
    if (!read) return { honoured: false, columns: named() };
    rules.push(...read);
  }
  return { honoured: true, rules };
}

function readAtom(tokens: Token[], column: (tok: Token | undefined) => string | undefined): ColumnRule[] | undefined {
  const [a, b, c, d, e] = tokens;
  const kw = (tok: Token | undefined, word: string) => tok?.t === 'id' && !tok.quoted && tok.v.toLowerCase() === word;
  const col = column(a);
  if (col && kw(b, 'in') && c?.t === 'op' && c.v === '(') {
    const values = literals(tokens.slice(3, -1));
    return values && tokens.at(-1)?.t === 'op' && (tokens.at(-1) as Token).v === ')' ? [{ column: col, kind: 'in', values }] : undefined;
  }
  if (col && b?.t === 'op' && b.v === '=' && kw(c, 'any')) {
    const values = literals(tokens.slice(3).filter((tok) => !(tok.t === 'op' && '()[]'.includes(tok.v)) && !kw(tok, 'array')));
    return values ? [{ column: col, kind: 'in', values }] : undefined;
  }
  if (col && kw(b, 'between') && c?.t === 'num' && kw(d, 'and') && e?.t === 'num' && tokens.length === 5) {
    return [{ column: col, kind: 'min', value: c.v, strict: false }, { column: col, kind: 'max', value: e.v, strict: false }];
  }
  if (col && b?.t === 'op' && (b.v === '<>' || b.v === '!=') && c?.t === 'str' && c.v === '' && tokens.length === 3) {
    return [{ column: col, kind: 'length-min', value: 1 }];
  }
  const compared = comparison(tokens, column);
  return compared ? [compared] : undefined;
}

/** `c OP n`, `n OP c`, `length(c) OP n`, `n OP length(c)`. */
function comparison(tokens: Token[], column: (tok: Token | undefined) => string | undefined): ColumnRule | undefined {
  const opAt = tokens.findIndex((tok) => tok.t === 'op' && ['>=', '>', '<=', '<', '='].includes(tok.v));
  if (opAt < 0) return undefined;
  let op = (tokens[opAt] as { v: string }).v;
  let left = tokens.slice(0, opAt);
  let right = tokens.slice(opAt + 1);
  if (left.length === 1 && left[0]!.t === 'num') {
    [left, right] = [right, left];
    op = ({ '>=': '<=', '>': '<', '<=': '>=', '<': '>', '=': '=' } as Record<string, string>)[op]!;
  }
  const n = right.length === 1 && right[0]!.t === 'num' ? right[0]!.v : undefined;
  if (n === undefined || op === '=') return undefined;
  const isLength = left.length === 4 && left[0]!.t === 'id' && /^(length|char_length)$/i.test(left[0]!.v) && (left[1] as Token).t === 'op';
  const col = isLength ? column(left[2]) : left.length === 1 ? column(left[0]) : undefined;
  if (!col) return undefined;
  if (isLength) {
    if (op === '>=' || op === '>') return { column: col, kind: 'length-min', value: op === '>' ? n + 1 : n };
    return { column: col, kind: 'length-max', value: op === '<' ? n - 1 : n };
  }
  return { column: col, kind: op.startsWith('>') ? 'min' : 'max', value: n, strict: op.length === 1 };
}

/** Literals separated by commas, or undefined when anything else is there. */
function literals(tokens: Token[]): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const tok = tokens[i]!;
    if (i % 2 === 1) {
      if (tok.t !== 'op' || tok.v !== ',') return undefined;
    } else if (tok.t === 'str' || tok.t === 'num') out.push(tok.v);
    else return undefined;
  }
  return out.length > 0 ? out : undefined;
}

/** Splits at each top-level AND that is not BETWEEN's. */
function splitAnd(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  let between = false;
  for (const tok of tokens) {
    if (tok.t === 'op' && tok.v === '(') depth += 1;
    if (tok.t === 'op' && tok.v === ')') depth -= 1;
    const word = tok.t === 'id' && !tok.quoted ? tok.v.toLowerCase() : '';
    if (depth === 0 && word === 'between') between = true;
    if (depth === 0 && word === 'and') {
      if (between) between = false;
      else {
        parts.push([]);
        continue;
      }
    }
    parts.at(-1)!.push(tok);
  }
  return parts;
}

/** Without the parentheses around the whole, nor around any single token. */
function unwrap(tokens: Token[]): Token[] {
  let out = tokens;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i + 2 < out.length; i += 1) {
      const prev = out[i - 1];
      // `f(x)` and `IN ('a')` keep theirs; `AND (x)` and `(x) = …` do not need them.
      const isCall = prev?.t === 'id' && !['and', 'or', 'not'].includes(prev.v.toLowerCase());
      if (isOp(out[i], '(') && isOp(out[i + 2], ')') && out[i + 1]!.t !== 'op' && !isCall) {
        out = [...out.slice(0, i), out[i + 1]!, ...out.slice(i + 3)];
        changed = true;
      }
    }
    if (out.length >= 2 && isOp(out[0], '(') && closing(out, 0) === out.length - 1) {
      out = out.slice(1, -1);
      changed = true;
    }
  }
  return out;
}

function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (isOp(tokens[i], '(')) depth += 1;
    if (isOp(tokens[i], ')') && --depth === 0) return i;
  }
  return -1;
}

/** PostgreSQL's `::type` casts (`'a'::character varying`, `::text[]`) say nothing the generator needs. */
function withoutCasts(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isOp(tokens[i], '::')) {
      out.push(tokens[i]!);
      continue;
    }
    while (tokens[i + 1]?.t === 'id' && !KEYWORDS.has((tokens[i + 1] as { v: string }).v.toLowerCase())) i += 1;
    while (isOp(tokens[i + 1], '[') && isOp(tokens[i + 2], ']')) i += 2;
  }
  return out;
}

const isOp = (tok: Token | undefined, v: string) => tok?.t === 'op' && tok.v === v;

/** The expression's tokens, or undefined for text that is not a simple SQL expression. */
function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  const re = /\s+|(?<num>\d+(?:\.\d+)?)|'(?<str>(?:[^']|'')*)'|"(?<dq>(?:[^"]|"")*)"|`(?<bq>[^`]*)`|(?<id>[A-Za-z_][A-Za-z0-9_$]*)|(?<op>::|>=|<=|<>|!=|\|\||[-+*/%=<>(),[\]])/y;
  while (re.lastIndex < text.length) {
    const at = re.lastIndex;
    const m = re.exec(text);
    if (!m || re.lastIndex === at) return undefined;
    const g = m.groups!;
    const prev = out.at(-1);
    if (g['num'] !== undefined) {
      const negative = isOp(prev, '-') && (out.length === 1 || out.at(-2)!.t === 'op');
      if (negative) out.pop();
      out.push({ t: 'num', v: (negative ? -1 : 1) * Number(g['num']) });
    } else if (g['str'] !== undefined) out.push({ t: 'str', v: g['str'].replaceAll("''", "'") });
    else if (g['dq'] !== undefined) out.push({ t: 'id', v: g['dq'].replaceAll('""', '"'), quoted: true });
    else if (g['bq'] !== undefined) out.push({ t: 'id', v: g['bq'], quoted: true });
    else if (g['id'] !== undefined) out.push({ t: 'id', v: g['id'], quoted: false });
    else if (g['op'] !== undefined) out.push({ t: 'op', v: g['op'] });
  }
  return out;
}
