import { parseDuration } from '../util/duration.js';
import { advanceFrom, failStep, retryStep } from './advance.js';
import { describeStatus, misfit, stepById, stepMisfit, unchanged, withStatus, withStep } from './state.js';
import type { EventOf, RunState, Transition } from './types.js';

/**
 * `step/started`: the step at the cursor is running. Fits a step ready to execute (pending,
 * as its next attempt) or a manual step being marked done; anything else is a misfit — in
 * particular a step that finished never starts again.
 */
export function onStepStarted(state: RunState, event: EventOf<'step/started'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const current = state.steps[event.stepId]!;
  const kind = current.status.kind;
  if (kind !== 'pending' && kind !== 'awaiting-manual') {
    return misfit(state, `step/started for ${event.stepId}: the step is ${describeStatus(current)}, not ready to run`);
  }
  if (kind === 'pending' && event.attempt !== current.attempts + 1) {
    return misfit(state, `step/started for ${event.stepId}: attempt ${event.attempt}, but the next attempt is ${current.attempts + 1}`);
  }
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
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const step = stepById(state, event.stepId)!;
  const current = state.steps[event.stepId]!;
  const status = current.status;
  const running = status.kind === 'running' && status.attempt === event.attempt;
  const manualDone = status.kind === 'awaiting-manual' && step.kind === 'manual';
  if (!running && !manualDone) {
    return misfit(state, `step/finished for ${event.stepId} attempt ${event.attempt}: the step is ${describeStatus(current)}, not running that attempt`);
  }

  const attempts = manualDone ? current.attempts + 1 : current.attempts;
  // The stages belonged to this attempt's work: it is over, so a retry starts afresh.
  const recorded = withStep(state, step.id, {
    attempts,
    outputs: event.outputs ?? {},
    evidence: event.evidence ?? [],
    checkpoints: [],
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
    return retryStep(recorded, step, event.at, delay === undefined ? 0 : parseDuration(delay));
  }
  return failStep(recorded, step, event.at, error, { attempt: event.attempt, durationMs: event.durationMs, ...(event.hint ? { hint: event.hint } : {}) });
}

/** `step/output`: where a running attempt's output went. Changes nothing; fits only that attempt. */
export function onStepOutput(state: RunState, event: EventOf<'step/output'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const status = state.steps[event.stepId]!.status;
  if (status.kind !== 'running' || status.attempt !== event.attempt) {
    return misfit(state, `step/output for ${event.stepId} attempt ${event.attempt}: the step is ${describeStatus(state.steps[event.stepId]!)}`);
  }
  return unchanged(state);
}

/**
 * `step/checkpoint`: the running attempt finished a stage. Fits only that attempt of the step
 * at the cursor, and only a stage not reached yet: a stage journaled twice would mean the
 * action repeated work it must not repeat.
 */
export function onStepCheckpoint(state: RunState, event: EventOf<'step/checkpoint'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const current = state.steps[event.stepId]!;
  const status = current.status;
  if (status.kind !== 'running' || status.attempt !== event.attempt) {
    return misfit(state, `step/checkpoint ${event.name} for ${event.stepId} attempt ${event.attempt}: the step is ${describeStatus(current)}`);
  }
  const done = current.checkpoints ?? [];
  if (done.some((c) => c.name === event.name)) {
    return misfit(state, `step/checkpoint ${event.name} for ${event.stepId}: that stage was already reached`);
  }
  const checkpoint = { name: event.name, attempt: event.attempt, at: event.at, outputs: event.outputs ?? {} };
  return { state: withStep(state, event.stepId, { checkpoints: [...done, checkpoint] }), effects: [] };
}
