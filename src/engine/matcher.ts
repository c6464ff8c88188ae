import type { ExprOperand, Matcher } from '../runbook/schema.js';
import type { Operand } from './types.js';

/** One expectation checked against one value. */
export interface MatchOutcome {
  pass: boolean;
  expected: string;
  actual: string;
}

type Scalar = string | number | boolean | null;

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const TRUE_TEXT = new Set(['true', 't', '1', 'yes', 'on']);
const FALSE_TEXT = new Set(['false', 'f', '0', 'no', 'off']);

/** The computed value of an `{ expr }` operand of operator `op` (`eq`, `gte`…), when there is one. */
export type OperandOf = (op: string) => Operand | undefined;

/** A matcher's bound as checked and shown: its value, or why there is none. */
type Bound = { value: Scalar; text: string } | { text: string };

function boundOf(op: string, raw: Scalar | ExprOperand, operandOf: OperandOf): Bound {
  if (raw === null || typeof raw !== 'object') return { value: raw, text: show(raw) };
  const operand = operandOf(op);
  if (operand && 'value' in operand) return { value: operand.value, text: `${operand.value} (${raw.expr})` };
  const why = operand?.error ?? 'it was not computed when the step started';
  return { text: `(${raw.expr}), which cannot be computed: ${why}` };
}

/**
 * Checks a value (a column of the first row, or a command's trimmed output) against a
 * matcher. A bare scalar means equality; numbers compare numerically, so PostgreSQL's
 * `count(*)` (returned as the string "3") equals 3 and is greater than 0. An `{ expr }`
 * bound takes its value from `operandOf`; without one the check fails, saying why.
 */
export function matchValue(matcher: Matcher, actual: unknown, operandOf: OperandOf = () => undefined): MatchOutcome {
  const shown = show(actual);
  if (matcher === null || typeof matcher !== 'object') {
    return { pass: equals(matcher, actual), expected: show(matcher), actual: shown };
  }
  const checks: { text: string; pass: boolean }[] = [];
  const num = toNumber(actual);
  const check = (op: keyof typeof SYMBOLS, raw: Scalar | ExprOperand | undefined, ok: (b: Scalar) => boolean) => {
    if (raw === undefined) return;
    const b = boundOf(op, raw, operandOf);
    checks.push({ text: `${SYMBOLS[op]} ${b.text}`, pass: 'value' in b && ok(b.value) });
  };
  const order = (ok: (n: number, b: number) => boolean) => (b: Scalar) => num !== undefined && typeof b === 'number' && ok(num, b);
  check('eq', matcher.eq, (b) => equals(b, actual));
  check('ne', matcher.ne, (b) => !equals(b, actual));
  check('gt', matcher.gt, order((n, b) => n > b));
  check('gte', matcher.gte, order((n, b) => n >= b));
  check('lt', matcher.lt, order((n, b) => n < b));
  check('lte', matcher.lte, order((n, b) => n <= b));
  if (matcher.matches !== undefined) checks.push({ text: patternInWords(matcher.matches), pass: matches(matcher.matches, actual) });
  if (matcher.contains !== undefined) {
    checks.push({ text: `containing ${JSON.stringify(matcher.contains)}`, pass: actual != null && text(actual).includes(matcher.contains) });
  }
  return { pass: checks.every((c) => c.pass), expected: checks.map((c) => c.text).join(' and ') || 'anything', actual: shown };
}

/**
 * A pattern as an operator reads it: an anchored list of plain words (`^(on|always)$`) is
 * `on or always`, one anchored word is itself; anything else stays a pattern (`matching /…/`).
 */
export function patternInWords(pattern: string): string {
  const words = /^\^\(?([\w.:-]+(?:\|[\w.:-]+)*)\)?\$$/.exec(pattern);
  if (!words) return `matching /${pattern}/`;
  const list = words[1]!.split('|');
  if (list.length > 1 && !pattern.startsWith('^(')) return `matching /${pattern}/`;
  return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}

const SYMBOLS = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function equals(expected: Scalar, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (typeof expected === 'boolean') return toBoolean(actual) === expected;
  return text(actual) === expected;
}

/** A number from a number, a bigint, or numeric text; undefined for anything else. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Booleans as drivers and programs spell them: true, 1 (SQLite), 't' (text), "yes". */
function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) === 1 ? true : Number(value) === 0 ? false : undefined;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    return TRUE_TEXT.has(t) ? true : FALSE_TEXT.has(t) ? false : undefined;
  }
  return undefined;
}

function matches(pattern: string, actual: unknown): boolean {
  if (actual === null || actual === undefined) return false;
  try {
    return new RegExp(pattern).test(text(actual));
  } catch {
    return false;
  }
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

const MAX_SHOWN = 120;

/** A value as evidence shows it: numbers bare, other text quoted, long text cut. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const t = text(value);
  if (typeof value === 'string' && NUMERIC.test(t)) return t;
  const quoted = JSON.stringify(t);
  return quoted.length > MAX_SHOWN ? `${quoted.slice(0, MAX_SHOWN - 2)}…"` : quoted;
}
