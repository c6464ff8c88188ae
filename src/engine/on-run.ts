import { advanceFrom, asking, proceed } from './advance.js';
import { pendingEffects } from './effects.js';
import { isRepeatable } from './policy.js';
import { cursorStep, isOver, unchanged, withStatus, withStep } from './state.js';
import type { EventOf, RunState, StepState, Transition } from './types.js';

/** `run/paused`: the run stops where it is; step states are kept for the resume. */
export function onRunPaused(state: RunState, event: EventOf<'run/paused'>): Transition {
  if (isOver(state)) return unchanged(state);
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
    if (index < 0) return unchanged(state);
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

/** `run/finished`: records how the run ended. Idempotent: an ending already recorded stays. */
export function onRunFinished(state: RunState, event: EventOf<'run/finished'>): Transition {
  const kind = event.status === 'succeeded' ? 'finished' : event.status;
  if (state.status.kind === kind) return unchanged(state);
  const stepId = event.stepId ?? (state.cursor === null ? undefined : state.order[state.cursor]);
  switch (event.status) {
    case 'succeeded':
      return { state: withStatus({ ...state, cursor: null }, { kind: 'finished', at: event.at }), effects: [] };
    case 'failed':
      return { state: withStatus(state, { kind: 'failed', stepId: stepId ?? '', error: event.error ?? 'the run failed' }), effects: [] };
    case 'aborted':
      return {
        state: withStatus({ ...state, cursor: null }, { kind: 'aborted', at: event.at, ...(stepId ? { stepId } : {}) }),
        effects: [],
      };
  }
}
