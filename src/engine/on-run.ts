import { advanceFrom, asking, proceed } from './advance.js';
import { pendingEffects } from './effects.js';
import { isRepeatable } from './policy.js';
import { cursorStep, isOver, misfit, unchanged, withStatus, withStep } from './state.js';
import type { EventOf, RunState, StepState, Transition } from './types.js';

/** `run/paused`: the run stops where it is; step states are kept for the resume. */
export function onRunPaused(state: RunState, event: EventOf<'run/paused'>): Transition {
  if (isOver(state)) return misfit(state, `run/paused: the run is already over (${state.status.kind})`);
  const stepId = event.stepId ? { stepId: event.stepId } : {};
  return { state: withStatus(state, { kind: 'paused', reason: event.reason, ...stepId }), effects: [] };
}

/**
 * `run/resumed` (after replaying the journal): a step that was running when the process
 * died is interrupted. A repeatable one runs again; any other waits for the operator to mark
 * it done, rerun it behind a typed gate, or abort. A step that was waiting on a question is
 * asked again. A failed run tries its failed step again (gate included); a run that is over
 * only reports its end.
 */
export function onRunResumed(state: RunState, event: EventOf<'run/resumed'>): Transition {
  const status = state.status;
  if (status.kind === 'finished' || status.kind === 'aborted') return { state, effects: pendingEffects(state) };
  if (status.kind === 'failed') {
    const index = state.order.indexOf(status.stepId);
    if (index < 0) return misfit(state, `run/resumed: the run failed at ${status.stepId}, which the runbook does not have`);
    return advanceFrom(withStatus(state, { kind: 'running' }), index, event.at);
  }

  let s = withStatus(state, { kind: 'running' });
  for (const id of s.order) {
    const stepState: StepState | undefined = s.steps[id];
    if (stepState?.status.kind !== 'running') continue;
    const { attempt, startedAt } = stepState.status;
    s = withStep(s, id, { status: { kind: 'interrupted', attempt, startedAt } });
  }
  const current = cursorStep(s);
  if (current && current.stepState.status.kind === 'interrupted') {
    const { step } = current;
    if (isRepeatable(step)) return proceed(s, step, event.at);
    return asking(withStep(s, step.id, { status: { kind: 'awaiting-interrupted' } }), step.id);
  }
  const effects = pendingEffects(s);
  for (const effect of effects) {
    if (effect.type !== 'execute' && effect.type !== 'run-over') s = withStatus(s, { kind: 'awaiting', stepId: effect.stepId });
  }
  return { state: s, effects };
}

/**
 * `run/finished`: the runner writes it once the engine has ended the run, so it fits only the
 * ending the state already has; a different one (a "succeeded" while a step waits) is a misfit.
 */
export function onRunFinished(state: RunState, event: EventOf<'run/finished'>): Transition {
  const kind = event.status === 'succeeded' ? 'finished' : event.status;
  if (state.status.kind === kind) return unchanged(state);
  return misfit(state, `run/finished ${event.status}: the run is ${state.status.kind}${state.cursor === null ? '' : ` at step ${state.order[state.cursor]}`}`);
}
