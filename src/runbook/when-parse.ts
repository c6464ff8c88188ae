import { ExpressionSyntaxError } from './syntax-error.js';

/** A parsed `when:` condition. Every node keeps its offset in the expression text. */
export type WhenAst =
  | { type: 'ref'; path: string[]; offset: number }
  /** A runbook condition used by name (`when: restored`): a bare word that is not a reference root. */
  | { type: 'name'; name: string; offset: number }
  | { type: 'literal'; value: string | number | boolean | null; offset: number }
  | { type: 'not'; operand: WhenAst; offset: number }
  | { type: 'and' | 'or'; left: WhenAst; right: WhenAst; offset: number }
  | { type: 'compare'; op: CompareOp; left: WhenAst; right: WhenAst; offset: number };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A condition that cannot be parsed. */
export class WhenSyntaxError extends ExpressionSyntaxError {}

type Token =
  | { t: 'op'; v: CompareOp; at: number }
  | { t: 'paren'; v: '(' | ')'; at: number }
  | { t: 'word'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'end'; at: number };

const WORD = /[A-Za-z_][\w$-]*(?:\.[\w$-]+)*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const OPERATOR = /==|!=|<=|>=|<|>/y;

function readString(text: string, at: number): { value: string; next: number } {
  const quote = text[at]!;
  let value = '';
  for (let i = at + 1; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === quote) return { value, next: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      i += 1;
      value += text[i]!;
    } else value += c;
  }
  throw new WhenSyntaxError(`the string starting here is not closed with ${quote}`, at);
}

function sticky(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? null;
}

function tokenize(text: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const at = base + i;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ t: 'paren', v: c, at });
      i += 1;
      continue;
    }
    if (c === "'" || c === '"') {
      const s = readString(text, i);
      tokens.push({ t: 'str', v: s.value, at });
      i = s.next;
      continue;
    }
    const op = sticky(OPERATOR, text, i);
    const num = op ? null : sticky(NUMBER, text, i);
    const word = op || num ? null : sticky(WORD, text, i);
    if (op) tokens.push({ t: 'op', v: op as CompareOp, at });
    else if (num) tokens.push({ t: 'num', v: Number(num), at });
    else if (word) tokens.push({ t: 'word', v: word, at });
    else throw new WhenSyntaxError(unexpected(text, i), at);
    i += (op ?? num ?? word)!.length;
  }
  tokens.push({ t: 'end', at: base + text.length });
  return tokens;
}

function unexpected(text: string, i: number): string {
  const rest = text.slice(i);
  if (rest.startsWith('&&')) return 'use "and" instead of &&';
  if (rest.startsWith('||')) return 'use "or" instead of ||';
  if (rest.startsWith('!')) return 'use "not" instead of !';
  if (rest.startsWith('=')) return 'use == to compare';
  return `unexpected ${JSON.stringify(text[i])}`;
}

/** Words a condition's name cannot be: the language's own words. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);
/** What references start with; a bare root stays a (malformed) reference, never a condition name. */
export const REF_ROOTS: ReadonlySet<string> = new Set(['params', 'target', 'steps', 'run']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isWord(v: string): boolean {
    const t = this.peek();
    return t.t === 'word' && t.v === v;
  }

  parse(): WhenAst {
    const ast = this.or();
    const t = this.peek();
    if (t.t !== 'end') throw new WhenSyntaxError(`expected "and", "or" or the end of the condition, found ${describe(t)}`, t.at);
    return ast;
  }

  private or(): WhenAst {
    let left = this.and();
    while (this.isWord('or')) {
      const at = this.peek().at;
      this.i += 1;
      left = { type: 'or', left, right: this.and(), offset: at };
    }
    return left;
  }

  private and(): WhenAst {
    let left = this.not();
    while (this.isWord('and')) {
      const at = this.peek().at;
      this.i += 1;
      left = { type: 'and', left, right: this.not(), offset: at };
    }
    return left;
  }

  private not(): WhenAst {
    if (!this.isWord('not')) return this.compare();
    const at = this.peek().at;
    this.i += 1;
    return { type: 'not', operand: this.not(), offset: at };
  }

  private compare(): WhenAst {
    const left = this.primary();
    const t = this.peek();
    if (t.t !== 'op') return left;
    this.i += 1;
    const right = this.primary();
    const after = this.peek();
    if (after.t === 'op') throw new WhenSyntaxError('comparisons cannot be chained: join them with "and"', after.at);
    return { type: 'compare', op: t.v, left, right, offset: t.at };
  }

  private primary(): WhenAst {
    const t = this.peek();
    this.i += 1;
    switch (t.t) {
      case 'num':
      case 'str':
        return { type: 'literal', value: t.v, offset: t.at };
      case 'word':
        if (t.v === 'true' || t.v === 'false') return { type: 'literal', value: t.v === 'true', offset: t.at };
        if (t.v === 'null') return { type: 'literal', value: null, offset: t.at };
        if (KEYWORDS.has(t.v)) throw new WhenSyntaxError(`expected a value before "${t.v}"`, t.at);
        if (!t.v.includes('.') && !REF_ROOTS.has(t.v)) return { type: 'name', name: t.v, offset: t.at };
        return { type: 'ref', path: t.v.split('.'), offset: t.at };
      case 'paren': {
        if (t.v === ')') throw new WhenSyntaxError('expected a value, found ")"', t.at);
        const inner = this.or();
        const close = this.peek();
        if (close.t !== 'paren' || close.v !== ')') throw new WhenSyntaxError(`expected ")" to close the "(" at offset ${t.at}, found ${describe(close)}`, close.at);
        this.i += 1;
        return inner;
      }
      default:
        throw new WhenSyntaxError(`expected a value, found ${describe(t)}`, t.at);
    }
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case 'end':
      return 'the end of the condition';
    case 'str':
      return `the string ${JSON.stringify(t.v)}`;
    default:
      return JSON.stringify(String(t.v));
  }
}

/**
 * Parses a condition: references, literals, `== != < <= > >=`, `and`, `or`, `not`,
 * parentheses. The whole expression may be wrapped in `{{ }}`. Throws WhenSyntaxError.
 */
export function parseWhen(expr: string): WhenAst {
  const wrapped = /^(\s*\{\{)([\s\S]*)\}\}\s*$/.exec(expr);
  const body = wrapped ? wrapped[2]! : expr;
  const base = wrapped ? wrapped[1]!.length : 0;
  if (body.trim() === '') throw new WhenSyntaxError('the condition is empty', base);
  return new Parser(tokenize(body, base)).parse();
}

/** Every reference in a condition, with its offset in the expression text. */
export function whenRefs(ast: WhenAst): { path: string[]; offset: number }[] {
  switch (ast.type) {
    case 'ref':
      return [{ path: ast.path, offset: ast.offset }];
    case 'literal':
    case 'name':
      return [];
    case 'not':
      return whenRefs(ast.operand);
    default:
      return [...whenRefs(ast.left), ...whenRefs(ast.right)];
  }
}

/** Every condition name a condition uses, with its offset in the expression text. */
export function whenNames(ast: WhenAst): { name: string; offset: number }[] {
  switch (ast.type) {
    case 'name':
      return [{ name: ast.name, offset: ast.offset }];
    case 'ref':
    case 'literal':
      return [];
    case 'not':
      return whenNames(ast.operand);
    default:
      return [...whenNames(ast.left), ...whenNames(ast.right)];
  }
}
