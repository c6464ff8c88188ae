import { evaluateExpr, parseExpr } from '../runbook/expr.js';
import type { Step } from '../runbook/schema.js';
import { resolveRef, TemplateError } from '../runbook/template.js';
import { messageOf, templateContext } from './state.js';
import type { ExecRequest, Operands, RunState, StepStatus } from './types.js';

const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;

/**
 * The request with the `{ expr }` operands of the step's `expect` computed from the run so far
 * (a wait's go on its probe, where each try is judged). One that cannot be computed — a step
 * that did not run, an output that is missing, a value that is not a number — is kept with
 * the reason, so the expectation fails saying why instead of passing. Unchanged when the step
 * has none.
 */
export function withOperands(request: ExecRequest, step: Step, state: RunState): ExecRequest {
  const operands = computeOperands(step, state);
  if (!operands) return request;
  if (request.kind === 'wait') return { ...request, probe: { ...request.probe, operands } };
  if (request.kind === 'command' || request.kind === 'sql') return { ...request, operands };
  return request;
}

function computeOperands(step: Step, state: RunState): Operands | undefined {
  if (step.kind !== 'command' && step.kind !== 'sql' && step.kind !== 'check' && step.kind !== 'wait') return undefined;
  const operands: Operands = {};
  for (const [key, matcher] of Object.entries(step.expect ?? {})) {
    if (matcher === null || typeof matcher !== 'object' || Array.isArray(matcher)) continue;
    for (const op of OPS) {
      const bound = (matcher as Record<string, unknown>)[op];
      if (bound === null || typeof bound !== 'object' || !('expr' in bound)) continue;
      const expr = String(bound.expr);
      try {
        operands[`${key}.${op}`] = { expr, value: evaluateExpr(parseExpr(expr), (path) => resolveIn(state, path)) };
      } catch (error) {
        operands[`${key}.${op}`] = { expr, error: messageOf(error) };
      }
    }
  }
  return Object.keys(operands).length > 0 ? operands : undefined;
}

/** A reference's value now; a step that did not run is named as such, not as "no outputs". */
function resolveIn(state: RunState, path: string[]): unknown {
  const [root, id] = path;
  const status = root === 'steps' && id !== undefined ? state.steps[id]?.status : undefined;
  const why = status ? notRun(status) : null;
  if (why) throw new TemplateError(`step ${id} did not run (${why})`);
  return resolveRef(path, templateContext(state));
}

function notRun(status: StepStatus): string | null {
  switch (status.kind) {
    case 'skipped':
      return `skipped: ${status.reason}`;
    case 'pending':
      return 'not reached yet';
    default:
      return null;
  }
}
