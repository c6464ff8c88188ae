import { parseDuration } from '../util/duration.js';
import { advanceFrom, failStep, proceed } from './advance.js';
import { isCursor, isOver, stepById, unchanged, withStatus, withStep } from './state.js';
import type { EventOf, RunState, Transition } from './types.js';

/**
 * `step/started`: the step at the cursor is running. Accepted for a step ready to execute
 * (pending) or a manual step being marked done; anything else is ignored.
 */
export function onStepStarted(state: RunState, event: EventOf<'step/started'>): Transition {
  const current = state.steps[event.stepId];
  if (isOver(state) || !current || !isCursor(state, event.stepId) || event.attempt < 1) return unchanged(state);
  const kind = current.status.kind;
  if (kind !== 'pending' && kind !== 'awaiting-manual') return unchanged(state);
  const started = withStep(state, event.stepId, {
    attempts: current.attempts + 1,
    status: { kind: 'running', attempt: event.attempt, startedAt: event.at },
  });
  return { state: withStatus(started, { kind: 'running' }), effects: [] };
}

/**
 * `step/finished`: a success stores outputs and moves on; a failure retries while the step's
 * `retries.count` allows (after `retries.delay`), then applies `on_failure`.
 */
export function onStepFinished(state: RunState, event: EventOf<'step/finished'>): Transition {
  const step = stepById(state, event.stepId);
  const current = state.steps[event.stepId];
  if (isOver(state) || !step || !current || !isCursor(state, event.stepId)) return unchanged(state);
  const status = current.status;
  const running = status.kind === 'running' && status.attempt === event.attempt;
  const manualDone = status.kind === 'awaiting-manual' && step.kind === 'manual';
  if (!running && !manualDone) return unchanged(state);

  const attempts = manualDone ? current.attempts + 1 : current.attempts;
  const recorded = withStep(state, step.id, {
    attempts,
    outputs: event.outputs ?? {},
    evidence: event.evidence ?? [],
  });
  if (event.status === 'succeeded') {
    const note = event.note === undefined ? {} : { note: event.note };
    const done = withStep(recorded, step.id, {
      status: { kind: 'succeeded', attempt: event.attempt, finishedAt: event.at, durationMs: event.durationMs, ...note },
    });
    return advanceFrom(done, state.order.indexOf(step.id) + 1, event.at);
  }

  const error = event.error ?? 'the step failed';
  const triedThisVisit = attempts - (current.attemptsBefore ?? 0);
  if (triedThisVisit < 1 + (step.retries?.count ?? 0)) {
    const delay = step.retries?.delay;
    return proceed(withStatus(recorded, { kind: 'running' }), step, event.at, delay === undefined ? 0 : parseDuration(delay));
  }
  return failStep(recorded, step, event.at, error, { attempt: event.attempt, durationMs: event.durationMs });
}
