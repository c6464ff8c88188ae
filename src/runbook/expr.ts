import { ExpressionSyntaxError } from './syntax-error.js';
import { TemplateError } from './template.js';

/**
 * The arithmetic of an expectation operand (`expect: { n: { eq: { expr: "…" } } }`): numbers,
 * references, `+`, `-` and parentheses. Every node keeps its offset in the text.
 */
export type ExprAst =
  | { type: 'num'; value: number; offset: number }
  | { type: 'ref'; path: string[]; offset: number }
  | { type: 'neg'; operand: ExprAst; offset: number }
  | { type: '+' | '-'; left: ExprAst; right: ExprAst; offset: number };

/** An operand expression that cannot be parsed. */
export class ExprSyntaxError extends ExpressionSyntaxError {}

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'word'; v: string; at: number }
  | { t: '+' | '-' | '(' | ')'; at: number }
  | { t: 'end'; at: number };

const WORD = /[A-Za-z_][\w$-]*(?:\.[\w$-]+)*/y;
const NUMBER = /\d+(?:\.\d+)?/y;
/** Inside a name, what a minus written without spaces looks like: `n-1`, `a-params.b`. */
const GLUED_MINUS = /-(\d|steps$|params$)/;

function sticky(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? null;
}

/**
 * The minus a word swallowed, if it looks like one: ids may contain "-", so `n-1` is one name
 * to the tokenizer. A step id (the segment after `steps.`) may well end in `-2`, so it is spared.
 */
function gluedMinus(word: string, at: number): void {
  const path = word.split('.');
  const suspect = path.findIndex((segment, i) => !(path[0] === 'steps' && i === 1) && GLUED_MINUS.test(segment));
  if (suspect < 0) return;
  const spaced = word.replace(/-(?=\d|steps\.|params\.)/g, ' - ');
  throw new ExprSyntaxError(
    `${word}: a minus needs a space on each side (write ${spaced}): ids and names may contain "-", so without spaces it reads as part of the name`,
    at,
  );
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '+' || c === '-' || c === '(' || c === ')') {
      tokens.push({ t: c, at: i });
      i += 1;
    } else {
      const num = sticky(NUMBER, text, i);
      const word = num ? null : sticky(WORD, text, i);
      if (num) tokens.push({ t: 'num', v: Number(num), at: i });
      else if (word) {
        gluedMinus(word, i);
        tokens.push({ t: 'word', v: word, at: i });
      } else throw new ExprSyntaxError(`only + and - (with numbers, references and parentheses) are allowed: unexpected ${JSON.stringify(c)}`, i);
      i += (num ?? word)!.length;
    }
  }
  tokens.push({ t: 'end', at: text.length });
  return tokens;
}

function describe(t: Token): string {
  if (t.t === 'end') return 'the end of the expression';
  return JSON.stringify(t.t === 'num' || t.t === 'word' ? String(t.v) : t.t);
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): ExprAst {
    const ast = this.sum();
    const t = this.tokens[this.i]!;
    if (t.t !== 'end') throw new ExprSyntaxError(`expected "+", "-" or the end of the expression, found ${describe(t)}`, t.at);
    return ast;
  }

  private sum(): ExprAst {
    let left = this.unary();
    for (let t = this.tokens[this.i]!; t.t === '+' || t.t === '-'; t = this.tokens[this.i]!) {
      this.i += 1;
      left = { type: t.t, left, right: this.unary(), offset: t.at };
    }
    return left;
  }

  private unary(): ExprAst {
    const t = this.tokens[this.i]!;
    if (t.t !== '-') return this.primary();
    this.i += 1;
    return { type: 'neg', operand: this.unary(), offset: t.at };
  }

  private primary(): ExprAst {
    const t = this.tokens[this.i]!;
    this.i += 1;
    if (t.t === 'num') return { type: 'num', value: t.v, offset: t.at };
    if (t.t === 'word') return { type: 'ref', path: t.v.split('.'), offset: t.at };
    if (t.t === '(') {
      const inner = this.sum();
      const close = this.tokens[this.i]!;
      if (close.t !== ')') throw new ExprSyntaxError(`expected ")" to close the "(" at offset ${t.at}, found ${describe(close)}`, close.at);
      this.i += 1;
      return inner;
    }
    throw new ExprSyntaxError(`expected a number, a reference or "(", found ${describe(t)}`, t.at);
  }
}

/** Parses an operand expression. Throws ExprSyntaxError. */
export function parseExpr(text: string): ExprAst {
  if (text.trim() === '') throw new ExprSyntaxError('the expression is empty', 0);
  return new Parser(tokenize(text)).parse();
}

/** Every reference in an expression, with its offset in the text. */
export function exprRefs(ast: ExprAst): { path: string[]; offset: number }[] {
  switch (ast.type) {
    case 'num':
      return [];
    case 'ref':
      return [{ path: ast.path, offset: ast.offset }];
    case 'neg':
      return exprRefs(ast.operand);
    default:
      return [...exprRefs(ast.left), ...exprRefs(ast.right)];
  }
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i;

function asNumber(dotted: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  // PostgreSQL returns count(*) and numeric columns as text; commands print numbers as text.
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  throw new TemplateError(`${dotted} is ${shortly(value)}, not a number`);
}

const MAX_SHOWN = 60;

/** A value as an error names it: JSON, cut short (an output may be a whole page of stdout). */
function shortly(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * The value of an expression; `resolve` gives each reference's value (and throws when it has
 * none). Throws TemplateError for a value that is not a number.
 */
export function evaluateExpr(ast: ExprAst, resolve: (path: string[]) => unknown): number {
  switch (ast.type) {
    case 'num':
      return ast.value;
    case 'ref':
      return asNumber(ast.path.join('.'), resolve(ast.path));
    case 'neg':
      return -evaluateExpr(ast.operand, resolve);
    case '+':
      return evaluateExpr(ast.left, resolve) + evaluateExpr(ast.right, resolve);
    default:
      return evaluateExpr(ast.left, resolve) - evaluateExpr(ast.right, resolve);
  }
}
