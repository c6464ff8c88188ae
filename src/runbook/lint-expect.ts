import { exprRefs, ExprSyntaxError, parseExpr } from './expr.js';
import { record, str, type Problems } from './lint-problems.js';
import { checkRefPath, type RefScope } from './lint-refs.js';

const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
const COMMAND_OUTPUTS = ['stdout', 'exit_code'];

/**
 * The `{ expr }` operands of a step's `expect`: each parses, and each reference is an earlier
 * step's output (one it has, where its kind says which) or a param.
 */
export function checkExpectExprs(steps: unknown[], index: number, scope: RefScope, problems: Problems): void {
  const step = record(steps[index]);
  const expect = record(step?.expect);
  if (!step || !expect || !['command', 'sql', 'check', 'wait'].includes(String(step.kind))) return;
  for (const [key, matcher] of Object.entries(expect)) {
    for (const op of OPS) {
      const text = str(record(record(matcher)?.[op])?.expr);
      if (text === undefined) continue;
      const at = ['steps', index, 'expect', key, op, 'expr'];
      const label = `expect ${key}.${op}`;
      let refs;
      try {
        refs = exprRefs(parseExpr(text));
      } catch (error) {
        if (!(error instanceof ExprSyntaxError)) throw error;
        problems.atChar(at, error.offset, 1, `${label}: ${error.message}`);
        continue;
      }
      for (const ref of refs) {
        const why = refProblem(ref.path, steps, index, scope);
        if (why) problems.atChar(at, ref.offset, ref.path.join('.').length, `${label}: ${why}`);
      }
    }
  }
}

function refProblem(path: string[], steps: unknown[], index: number, scope: RefScope): string | null {
  const dotted = path.join('.');
  const [root, name] = path;
  if (root !== 'steps' && root !== 'params') {
    return `${dotted} cannot be used here: an expression adds and subtracts numbers, steps.ID.outputs.X and params.X`;
  }
  const why = checkRefPath(path, scope, index);
  if (why) return name?.includes('-') ? `${why}; a minus needs a space on each side: ${root === 'steps' ? 'step ids' : 'param names'} may contain "-"` : why;
  return root === 'steps' ? outputProblem(path, record(steps[scope.stepIds.indexOf(name!)])) : null;
}

/** Where a step's kind says what outputs it has, whether the reference names one of them. */
function outputProblem(path: string[], step: Record<string, unknown> | undefined): string | null {
  const [, id, , output] = path;
  const kind = String(step?.kind);
  let has: string[] | null = null;
  if (kind === 'command' || ((kind === 'check' || kind === 'wait') && step?.argv !== undefined)) has = COMMAND_OUTPUTS;
  if (kind === 'input') has = Object.keys(record(step?.params) ?? {});
  if (kind === 'manual' || kind === 'confirm') return `${path.join('.')} is not an output: ${id} is a ${kind} step, which has no outputs`;
  if (has === null || has.includes(output!)) return null;
  return `${path.slice(0, 4).join('.')} is not an output of ${kind} step ${id}: it has ${has.join(', ') || 'no outputs'}`;
}
