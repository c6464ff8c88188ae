import { resolveRef, TemplateError, type TemplateContext } from './template.js';
import { conditionText, cycleMessage, type Conditions } from './conditions.js';
import { parseWhen, type CompareOp, type WhenAst } from './when-parse.js';

export { parseWhen, whenNames, whenRefs, WhenSyntaxError, type WhenAst } from './when-parse.js';
export { conditionsUsed, explainWhen, type Conditions } from './conditions.js';

const FALSE_TEXT = new Set(['', 'false', 'f', 'no', 'off', '0']);
const TRUE_TEXT = new Set(['true', 't', 'yes', 'on', '1']);

/**
 * Whether a value counts as true when tested alone. Outputs arrive as text from commands and
 * as `t`/`f` or 0/1 from databases, so those spellings of false are false too.
 */
export function truthy(value: unknown): boolean {
  if (typeof value === 'string') return !FALSE_TEXT.has(value.trim().toLowerCase());
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // PostgreSQL returns bigint and numeric columns as text.
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function asBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (TRUE_TEXT.has(t)) return true;
    if (FALSE_TEXT.has(t) && t !== '') return false;
  }
  return null;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a == null && b == null;
  if (typeof a === 'boolean' || typeof b === 'boolean') return asBool(a) !== null && asBool(a) === asBool(b);
  const na = asNumber(a);
  const nb = asNumber(b);
  if ((typeof a === 'number' || typeof b === 'number') && na !== null && nb !== null) return na === nb;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

function order(op: CompareOp, a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  let diff: number;
  if (na !== null && nb !== null) diff = na - nb;
  else if (typeof a === 'string' && typeof b === 'string') diff = a < b ? -1 : a > b ? 1 : 0;
  else throw new TemplateError(`cannot compare ${JSON.stringify(a)} ${op} ${JSON.stringify(b)}: both sides must be numbers, or both text`);
  switch (op) {
    case '<':
      return diff < 0;
    case '<=':
      return diff <= 0;
    case '>':
      return diff > 0;
    default:
      return diff >= 0;
  }
}

/** What an expression is evaluated in: the run's values, the runbook's conditions, and the names being expanded. */
interface Scope {
  ctx: TemplateContext;
  conditions: Conditions;
  expanding: string[];
}

function value(ast: WhenAst, scope: Scope): unknown {
  switch (ast.type) {
    case 'ref':
      return resolveRef(ast.path, scope.ctx);
    case 'literal':
      return ast.value;
    default:
      return test(ast, scope);
  }
}

function test(ast: WhenAst, scope: Scope): boolean {
  switch (ast.type) {
    case 'not':
      return !test(ast.operand, scope);
    // Short-circuit, so `steps.x.outputs.ok` may be guarded by a condition that skips it.
    case 'and':
      return test(ast.left, scope) && test(ast.right, scope);
    case 'or':
      return test(ast.left, scope) || test(ast.right, scope);
    case 'compare': {
      const a = value(ast.left, scope);
      const b = value(ast.right, scope);
      if (ast.op === '==') return equal(a, b);
      if (ast.op === '!=') return !equal(a, b);
      return order(ast.op, a, b);
    }
    case 'name':
      return named(ast.name, scope);
    default:
      return truthy(value(ast, scope));
  }
}

function named(name: string, scope: Scope): boolean {
  const text = conditionText(name, scope.conditions);
  if (scope.expanding.includes(name)) throw new TemplateError(cycleMessage([...scope.expanding, name]));
  return test(parseWhen(text), { ...scope, expanding: [...scope.expanding, name] });
}

/**
 * Evaluates a step's `when:`, where a bare name is one of the runbook's `conditions:`.
 * Throws WhenSyntaxError, or TemplateError on an undefined reference, an unknown condition
 * or a condition that uses itself.
 */
export function evaluateWhen(expr: string, ctx: TemplateContext, conditions: Conditions = {}): boolean {
  return evaluateWhenAst(parseWhen(expr), ctx, conditions);
}

/** Evaluates a parsed condition (or a part of one), as `evaluateWhen` does. */
export function evaluateWhenAst(ast: WhenAst, ctx: TemplateContext, conditions: Conditions = {}): boolean {
  return test(ast, { ctx, conditions, expanding: [] });
}
