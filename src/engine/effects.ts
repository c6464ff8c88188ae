import type { Step } from '../runbook/schema.js';
import { fillRunId } from '../runbook/run-id-placeholder.js';
import { renderValue } from '../runbook/template.js';
import { withOperands } from './operands.js';
import { isRepeatable, isSkippable, rerunPhrase } from './policy.js';
import { previewRequest } from './preview.js';
import { buildRequest } from './request.js';
import { cursorStep, stepById, templateContext } from './state.js';
import type { Effect, FailureChoice, Preview, RunState } from './types.js';

type ExecuteEffect = Extract<Effect, { type: 'execute' }>;

/**
 * The effect that runs `step` now: its next attempt, after `delayMs`. Throws what
 * `buildRequest` throws (a bad reference, an invalid action argument).
 */
export function executeEffect(state: RunState, step: Step, delayMs: number): ExecuteEffect {
  const built = buildRequest(step, templateContext(state), state.target);
  if (!built) throw new Error(`a ${step.kind} step runs nothing`);
  const request = withOperands(built, step, state);
  const attempts = state.steps[step.id]?.attempts ?? 0;
  const done = state.steps[step.id]?.checkpoints ?? [];
  return {
    type: 'execute',
    stepId: step.id,
    attempt: attempts + 1,
    delayMs,
    request,
    preview: previewRequest(request, state.target, previewHints(step)),
    ...(done.length > 0 ? { stagesDone: done } : {}),
  };
}

/** The preview of what `step` would run now, or null for kinds that run nothing (or cannot build). */
export function previewFor(state: RunState, step: Step): Preview | null {
  try {
    const request = buildRequest(step, templateContext(state), state.target);
    return request ? previewRequest(request, state.target, previewHints(step)) : null;
  } catch {
    return null;
  }
}

export function previewHints(step: Step): { writes?: boolean; touches?: string } {
  if (step.kind === 'check' || step.kind === 'wait') return { writes: false };
  return step.kind === 'command' && step.touches ? { touches: step.touches } : {};
}

/**
 * The effects pending in `state`: the question the step at the cursor waits on, the
 * execution of a step that is ready, what to do about a failed step, or the end of a run
 * that is over. Derived from the
 * state alone, so a replayed journal yields exactly what was pending when it was written.
 * A paused run still reports what it waits for; the caller decides whether to ask now.
 */
export function pendingEffects(state: RunState): Effect[] {
  const status = state.status;
  if (status.kind === 'finished') return [{ type: 'run-over', status: 'succeeded' }];
  if (status.kind === 'aborted') return [{ type: 'run-over', status: 'aborted', ...(status.stepId ? { stepId: status.stepId } : {}) }];
  if (status.kind === 'failed') return [askFailure(state, status.stepId, status.error, status.hint)];
  const current = cursorStep(state);
  if (!current) return [];
  const { step, stepState } = current;
  const stepStatus = stepState.status;
  switch (stepStatus.kind) {
    case 'pending':
      try {
        return [executeEffect(state, step, 0)];
      } catch {
        return [];
      }
    case 'awaiting-gate':
      return [
        {
          type: 'ask-gate',
          stepId: step.id,
          gate: stepStatus.gate,
          reason: stepStatus.reason,
          preview: previewFor(state, step),
          ...(stepStatus.rejected ? { rejected: stepStatus.rejected } : {}),
        },
      ];
    case 'awaiting-input':
      if (step.kind !== 'input') return [];
      return [{ type: 'ask-input', stepId: step.id, params: step.params, ...(stepStatus.errors ? { errors: stepStatus.errors } : {}) }];
    case 'awaiting-manual': {
      const body = step.body === undefined ? {} : { body: fillRunId(renderOrKeep(state, step.body), state.runId) };
      return [{ type: 'ask-manual', stepId: step.id, title: renderOrKeep(state, step.title ?? step.id), ...body }];
    }
    case 'awaiting-interrupted': {
      const reached = stepState.checkpoints?.at(-1)?.name;
      return [{ type: 'ask-interrupted', stepId: step.id, repeatable: isRepeatable(step), rerunPhrase: rerunPhrase(step.id), ...(reached ? { reached } : {}) }];
    }
    default:
      return [];
  }
}

/**
 * The question a failed step puts to the operator: retry, skip (only where `isSkippable`),
 * abort. Nobody answering (headless) leaves the run failed, resumable.
 */
export function askFailure(state: RunState, stepId: string, error: string, hint?: string): Extract<Effect, { type: 'ask-failure' }> {
  const step = stepById(state, stepId);
  const choices: FailureChoice[] = step && isSkippable(step) ? ['retry', 'skip', 'abort'] : ['retry', 'abort'];
  return { type: 'ask-failure', stepId, error, ...(hint === undefined ? {} : { hint }), choices };
}

/** Prose shown to a person: rendered when its references resolve, shown as written otherwise. */
function renderOrKeep(state: RunState, text: string): string {
  try {
    return renderValue(text, templateContext(state));
  } catch {
    return text;
  }
}
