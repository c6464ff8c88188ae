import { askFailure } from './effects.js';
import { describeStatus, misfit, stepMisfit, withStatus, withStep } from './state.js';
import type { EventOf, RunState, Transition } from './types.js';

/**
 * `step/precondition-failed`: the runner checked what the step needs before asking its gate
 * (or running it, without one) and it is not there. The step fails without an attempt, and
 * the run stops on it with the choices of any failure: retry (checks again), skip where the
 * step may be skipped, abort. `on_failure` does not apply: nothing was tried.
 */
export function onPreconditionFailed(state: RunState, event: EventOf<'step/precondition-failed'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const current = state.steps[event.stepId]!;
  const status = current.status;
  const beforeStart = status.kind === 'pending' || (status.kind === 'awaiting-gate' && status.reason === 'gate');
  if (!beforeStart) return misfit(state, `${event.type} for ${event.stepId}: the step is ${describeStatus(current)}, not about to run`);
  const hint = event.hint === undefined ? {} : { hint: event.hint };
  const runFirst = event.runFirst === undefined ? {} : { runFirst: event.runFirst };
  const failed = withStep(state, event.stepId, {
    status: { kind: 'failed', attempt: current.attempts, finishedAt: event.at, durationMs: 0, error: event.reason, ...hint, precondition: true, ...runFirst },
  });
  const stopped = withStatus(failed, { kind: 'failed', stepId: event.stepId, error: event.reason, ...hint });
  return { state: stopped, effects: [askFailure(stopped, event.stepId, event.reason, event.hint)] };
}
