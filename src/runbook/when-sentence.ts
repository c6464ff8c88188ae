import { conditionText, explainWhen, type Conditions } from './conditions.js';
import { resolveRef, stringOf, type TemplateContext } from './template.js';
import { evaluateWhenAst } from './when.js';
import { parseWhen, type CompareOp, type WhenAst } from './when-parse.js';

type Ref = Extract<WhenAst, { type: 'ref' }>;
type Literal = Extract<WhenAst, { type: 'literal' }>;

interface Scope {
  ctx: TemplateContext;
  conditions: Conditions;
  /** Condition names being phrased, so a condition that uses itself stops the phrasing. */
  expanding: string[];
}

/**
 * Why a `when:` that evaluated false is false, as a sentence a person reads at a glance:
 * `params.source == 'turso'` with the source `snapshot` gives "the source is snapshot, not
 * turso". Comparisons of a reference with a literal (or another reference), truth tests of a
 * reference, `and`, `or`, `not` and named conditions are phrased; any other shape falls back to
 * the expression itself ("when: EXPR was false").
 */
export function whenFalseSentence(expr: string, ctx: TemplateContext, conditions: Conditions = {}): string {
  let sentence: string | null = null;
  try {
    sentence = why(parseWhen(expr), false, { ctx, conditions, expanding: [] });
  } catch {
    sentence = null;
  }
  return sentence ?? `when: ${explainWhen(expr, conditions)} was false`;
}

/** Why `ast` has the truth value `holds`, or null for a shape that has no plain phrasing. */
function why(ast: WhenAst, holds: boolean, scope: Scope): string | null {
  switch (ast.type) {
    case 'not':
      return why(ast.operand, !holds, scope);
    case 'and':
    case 'or': {
      // `and` false (or `or` true) is decided by its first operand with that value; otherwise both count.
      const decidedByOne = (ast.type === 'and') !== holds;
      if (decidedByOne) {
        const decisive = evaluateWhenAst(ast.left, scope.ctx, scope.conditions) === holds ? ast.left : ast.right;
        return why(decisive, holds, scope);
      }
      const left = why(ast.left, holds, scope);
      const right = why(ast.right, holds, scope);
      return left === null || right === null ? null : `${left}, and ${right}`;
    }
    case 'name': {
      if (scope.expanding.includes(ast.name)) return null;
      const inner = why(parseWhen(conditionText(ast.name, scope.conditions)), holds, { ...scope, expanding: [...scope.expanding, ast.name] });
      return inner === null ? null : `${ast.name} ${holds ? 'holds' : 'does not hold'} (${inner})`;
    }
    case 'ref':
      return `${subjectOf(ast.path)} is ${valueText(resolveRef(ast.path, scope.ctx))}`;
    case 'compare':
      return comparison(ast.op, ast.left, ast.right, holds, scope);
    default:
      return null;
  }
}

const FLIPPED: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `op` read with its reference first, as "is …" when `holds` and "is …, not …" otherwise. */
function comparison(op: CompareOp, left: WhenAst, right: WhenAst, holds: boolean, scope: Scope): string | null {
  if (left.type !== 'ref' && right.type === 'ref') return comparison(FLIPPED[op], right, left, holds, scope);
  if (left.type !== 'ref' || (right.type !== 'ref' && right.type !== 'literal')) return null;
  const subject = subjectOf(left.path);
  const actual = valueText(resolveRef(left.path, scope.ctx));
  const other = operandText(right, scope);
  if (right.type === 'literal' && right.value === null && (op === '==' || op === '!=')) {
    const isSet = (op === '!=') === holds;
    return isSet ? `${subject} is ${actual}` : `${subject} is not set`;
  }
  // Whether the value is in the relation the operator names (equal, below…), as the sentence says it.
  const equalish = op === '==' || op === '!=';
  if (equalish) {
    const same = (op === '==') === holds;
    return same ? `${subject} is ${other}` : `${subject} is ${actual}, not ${other}`;
  }
  return `${subject} is ${actual}, ${RELATION[op][holds ? 0 : 1]} ${other}`;
}

/** How each order comparison reads when it holds and when it does not. */
const RELATION: Record<'<' | '<=' | '>' | '>=', [string, string]> = {
  '<': ['below', 'not below'],
  '<=': ['not above', 'above'],
  '>': ['above', 'not above'],
  '>=': ['not below', 'below'],
};

function operandText(ast: Ref | Literal, scope: Scope): string {
  if (ast.type === 'literal') return valueText(ast.value);
  return `${subjectOf(ast.path)} (${valueText(resolveRef(ast.path, scope.ctx))})`;
}

/** A reference as words: `params.source` → "the source", `steps.copy-back.outputs.lost_total` → "lost total from copy-back". */
export function subjectOf(path: readonly string[]): string {
  const [root, name = '', ...rest] = path;
  const tail = rest.length ? ` ${rest.map(words).join(' ')}` : '';
  switch (root) {
    case 'params':
      return `the ${words(name)}${tail}`;
    case 'target':
      return `the target's ${words(name)}${tail}`;
    case 'steps':
      return `${path.slice(3).map(words).join(' ')} from ${name}`;
    default:
      return `the ${root ?? ''}'s ${words(name)}${tail}`;
  }
}

function words(name: string): string {
  return name.replace(/[_-]+/g, ' ').trim();
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'not set';
  if (value === '') return 'empty';
  if (Array.isArray(value) && value.length === 0) return 'empty';
  return stringOf(value);
}
