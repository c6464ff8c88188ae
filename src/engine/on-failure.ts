import { advanceFrom } from './advance.js';
import { isSkippable } from './policy.js';
import { misfit, stepById, withStatus, withStep } from './state.js';
import type { EventOf, RunState, Transition } from './types.js';

/**
 * `failure/resolved`: the operator's answer to a step that failed and stopped the run —
 * try it again, skip it (only where `isSkippable`), or abort the run. Answers for a run that
 * is not stopped on that step change nothing.
 */
export function onFailureResolved(state: RunState, event: EventOf<'failure/resolved'>): Transition {
  const step = stepById(state, event.stepId);
  const index = state.order.indexOf(event.stepId);
  if (!step || index < 0) return misfit(state, `failure/resolved for ${event.stepId}: the runbook has no step ${event.stepId}`);
  if (state.status.kind !== 'failed' || state.status.stepId !== event.stepId) {
    return misfit(state, `failure/resolved for ${event.stepId}: the run is not stopped on that step's failure (${state.status.kind})`);
  }
  switch (event.choice) {
    case 'retry':
      return advanceFrom(withStatus(state, { kind: 'running' }), index, event.at);
    case 'skip': {
      if (!isSkippable(step)) return misfit(state, `failure/resolved for ${step.id}: a destructive step cannot be skipped`);
      const skipped = withStep(withStatus(state, { kind: 'running' }), step.id, {
        status: { kind: 'skipped', reason: `skipped by ${event.by} after it failed${event.note ? `: ${event.note}` : ''}` },
      });
      return advanceFrom(skipped, index + 1, event.at);
    }
    case 'abort':
      return {
        state: withStatus({ ...state, cursor: null }, { kind: 'aborted', at: event.at, stepId: step.id }),
        effects: [{ type: 'run-over', status: 'aborted', stepId: step.id }],
      };
  }
}
