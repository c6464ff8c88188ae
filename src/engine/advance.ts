import type { Step } from '../runbook/schema.js';
import { evaluateWhen, explainWhen } from '../runbook/when.js';
import { whenFalseSentence } from '../runbook/when-sentence.js';
import { askFailure, executeEffect, pendingEffects } from './effects.js';
import { isDestructive, resolveGate } from './policy.js';
import { buildRequest } from './request.js';
import { messageOf, stepById, templateContext, withStatus, withStep } from './state.js';
import type { RunState, StepState, Transition } from './types.js';

/** `on_failure: goto` may jump this many times in one run; one more is a loop. */
export const MAX_JUMPS = 100;

/**
 * Moves the cursor to `index` and walks forward: steps that already succeeded or were
 * skipped stay as they are (a finished step never runs again on its own: only a `goto`
 * loop reopens it), steps whose `when` is false are skipped, and the first step that needs
 * something (a gate, an answer, an execution) stops the walk. Past the last step the run is
 * finished.
 */
export function advanceFrom(state: RunState, index: number, at: string): Transition {
  let s = state;
  for (let i = index; i < s.order.length; i += 1) {
    const step = stepById(s, s.order[i]!)!;
    const done = s.steps[step.id]!.status.kind;
    if (done === 'succeeded' || done === 'skipped') continue;
    s = enterStep({ ...s, cursor: i }, step.id);
    if (step.when !== undefined) {
      let go: boolean;
      try {
        go = evaluateWhen(step.when, templateContext(s), s.runbook.conditions);
      } catch (error) {
        return failStep(s, step, at, `when ${explainWhen(step.when, s.runbook.conditions)}: ${messageOf(error)}`);
      }
      if (!go) {
        const reason = step.skip_reason ?? whenFalseSentence(step.when, templateContext(s), s.runbook.conditions);
        s = withStep(s, step.id, { status: { kind: 'skipped', reason } });
        continue;
      }
    }
    return prepare(s, step, at);
  }
  return { state: withStatus({ ...s, cursor: null }, { kind: 'finished', at }), effects: [{ type: 'run-over', status: 'succeeded' }] };
}

/**
 * A new visit of a step: pending again, its earlier approval spent, retries counted afresh,
 * no stage reached yet.
 */
function enterStep(state: RunState, id: string): RunState {
  const current = state.steps[id]!;
  const { approvedBy: _spent, checkpoints: _earlier, ...rest } = current;
  const fresh: StepState = { ...rest, status: { kind: 'pending' }, attemptsBefore: current.attempts };
  return { ...state, steps: { ...state.steps, [id]: fresh } };
}

/** Resolves the request and the gate before anything is asked: a step that cannot run fails now. */
function prepare(state: RunState, step: Step, at: string): Transition {
  const ctx = templateContext(state);
  let gate;
  try {
    buildRequest(step, ctx, state.target);
    gate = resolveGate(step, ctx, state.target);
  } catch (error) {
    return failStep(state, step, at, messageOf(error));
  }
  if (!gate) return proceed(state, step, at);
  return asking(withStep(state, step.id, { status: { kind: 'awaiting-gate', gate, reason: 'gate' } }), step.id);
}

/**
 * The next attempt of a step that failed with retries left. A destructive step asks its gate
 * again first: an approval is good for one execution, never for the retries after it.
 */
export function retryStep(state: RunState, step: Step, at: string, delayMs: number): Transition {
  if (!isDestructive(step)) return proceed(withStatus(state, { kind: 'running' }), step, at, delayMs);
  let gate;
  try {
    gate = resolveGate(step, templateContext(state), state.target);
  } catch (error) {
    return failStep(state, step, at, messageOf(error));
  }
  const { approvedBy: _spent, ...rest } = state.steps[step.id]!;
  const again: RunState = { ...state, steps: { ...state.steps, [step.id]: { ...rest, status: { kind: 'pending' } } } };
  if (!gate) return proceed(withStatus(again, { kind: 'running' }), step, at, delayMs);
  return asking(withStep(again, step.id, { status: { kind: 'awaiting-gate', gate, reason: 'gate' } }), step.id);
}

/**
 * What a step does once nothing stands in its way (no gate, or the gate approved): a confirm
 * step is done, manual and input steps ask, everything else executes its next attempt.
 */
export function proceed(state: RunState, step: Step, at: string, delayMs = 0): Transition {
  const current = state.steps[step.id]!;
  switch (step.kind) {
    case 'confirm': {
      const attempt = current.attempts + 1;
      const done = withStep(state, step.id, {
        attempts: attempt,
        status: { kind: 'succeeded', attempt, finishedAt: at, durationMs: 0 },
      });
      return advanceFrom(done, state.order.indexOf(step.id) + 1, at);
    }
    case 'manual':
      return asking(withStep(state, step.id, { status: { kind: 'awaiting-manual' } }), step.id);
    case 'input':
      return asking(withStep(state, step.id, { status: { kind: 'awaiting-input' } }), step.id);
    default: {
      const ready = withStatus(withStep(state, step.id, { status: { kind: 'pending' } }), { kind: 'running' });
      try {
        return { state: ready, effects: [executeEffect(ready, step, delayMs)] };
      } catch (error) {
        return failStep(ready, step, at, messageOf(error));
      }
    }
  }
}

/** The run waits on a person for `stepId`: status `awaiting` and the matching ask. */
export function asking(state: RunState, stepId: string): Transition {
  const next = withStatus(state, { kind: 'awaiting', stepId });
  return { state: next, effects: pendingEffects(next) };
}

/**
 * Marks `step` failed (no retry left) and applies its `on_failure`: stop the run, continue
 * with the next step, or jump to another step (at most MAX_JUMPS times in a run).
 */
export function failStep(
  state: RunState,
  step: Step,
  at: string,
  error: string,
  run: { attempt?: number; durationMs?: number; hint?: string } = {},
): Transition {
  const current = state.steps[step.id]!;
  const hint = run.hint === undefined ? {} : { hint: run.hint };
  const failed = withStep(state, step.id, {
    status: { kind: 'failed', attempt: run.attempt ?? current.attempts, finishedAt: at, durationMs: run.durationMs ?? 0, error, ...hint },
  });
  const onFailure = step.on_failure ?? 'stop';
  if (onFailure === 'stop') return stopRun(failed, step.id, error, run.hint);
  if (onFailure === 'continue') return advanceFrom(failed, failed.order.indexOf(step.id) + 1, at);
  const to = failed.order.indexOf(onFailure.goto);
  if (to < 0) return stopRun(failed, step.id, `${error} (on_failure: goto ${onFailure.goto}: there is no such step)`);
  if (failed.jumps >= MAX_JUMPS) {
    return stopRun(failed, step.id, `goto loop: on_failure of ${step.id} jumped to ${onFailure.goto} ${MAX_JUMPS} times; last error: ${error}`);
  }
  return advanceFrom(reopen({ ...failed, jumps: failed.jumps + 1 }, to, failed.order.indexOf(step.id)), to, at);
}

/**
 * A `goto` back is the runbook's own loop: the steps it goes back over (target to the failed
 * step) are run again on this pass, behind their gates as on the first one.
 */
function reopen(state: RunState, from: number, to: number): RunState {
  let s = state;
  for (let i = from; i <= to; i += 1) {
    const kind = s.steps[s.order[i]!]!.status.kind;
    if (kind === 'succeeded' || kind === 'skipped') s = withStep(s, s.order[i]!, { status: { kind: 'pending' } });
  }
  return s;
}

/**
 * The run stops failed at `stepId` and asks the operator what to do; the cursor stays there
 * so that a retry (or a resume) can try it again.
 */
function stopRun(state: RunState, stepId: string, error: string, hint?: string): Transition {
  const failed = withStatus(state, { kind: 'failed', stepId, error, ...(hint === undefined ? {} : { hint }) });
  return { state: failed, effects: [askFailure(failed, stepId, error, hint)] };
}
