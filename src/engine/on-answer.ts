import { parseParamValue } from '../runbook/params.js';
import { advanceFrom, asking, proceed } from './advance.js';
import { rerunPhrase } from './policy.js';
import { describeStatus, misfit, stepById, stepMisfit, withStatus, withStep } from './state.js';
import type { EventOf, ParamValue, RunState, Transition } from './types.js';

/** Shown with the gate again when a typed answer is not the phrase. */
export const PHRASE_MISMATCH = 'the phrase does not match';

/**
 * `gate/answered`: a decline pauses the run at the gate (resumable); a typed gate passes only
 * with the exact phrase; an approval lets the step go on (a confirm step is then done).
 */
export function onGateAnswered(state: RunState, event: EventOf<'gate/answered'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const step = stepById(state, event.stepId)!;
  const current = state.steps[event.stepId]!;
  const status = current.status;
  if (status.kind !== 'awaiting-gate') return misfit(state, `gate/answered for ${step.id}: the step is ${describeStatus(current)}, not at a gate`);

  if (!event.approved) {
    return { state: withStatus(state, { kind: 'paused', reason: 'gate', stepId: step.id }), effects: [] };
  }
  if (status.gate.type === 'typed' && event.answer !== status.gate.phrase) {
    return asking(withStep(state, step.id, { status: { ...status, rejected: PHRASE_MISMATCH } }), step.id);
  }
  const approved = withStep(state, step.id, {
    status: { kind: 'pending' },
    approvedBy: { by: event.by, at: event.at, via: event.via },
  });
  return proceed(approved, step, event.at);
}

/**
 * `input/given`: every value is checked against the input step's specs (defaults fill the
 * gaps); on any error the question is asked again with the errors, otherwise the values
 * become run parameters and the step's outputs (secrets masked).
 */
export function onInputGiven(state: RunState, event: EventOf<'input/given'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const step = stepById(state, event.stepId)!;
  const current = state.steps[event.stepId]!;
  if (step.kind !== 'input' || current.status.kind !== 'awaiting-input') {
    return misfit(state, `input/given for ${step.id}: the step is ${describeStatus(current)}, not waiting for input`);
  }

  const values: Record<string, ParamValue> = {};
  const errors: Record<string, string> = {};
  for (const [name, spec] of Object.entries(step.params)) {
    // An empty answer means "not given": the default applies, if there is one.
    const given = event.values[name];
    const raw = given === undefined || given === '' ? spec.default : given;
    if (raw === undefined) {
      if (spec.required) errors[name] = 'required';
      continue;
    }
    const parsed = parseParamValue(name, spec, raw);
    if (parsed.ok) values[name] = parsed.value;
    else errors[name] = parsed.error;
  }
  if (Object.keys(errors).length > 0) {
    return asking(withStep(state, step.id, { status: { kind: 'awaiting-input', errors } }), step.id);
  }

  const outputs = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, step.params[name]?.type === 'secret' ? '***' : value]),
  );
  const attempt = current.attempts + 1;
  const done = withStep({ ...state, params: { ...state.params, ...values } }, step.id, {
    attempts: attempt,
    outputs,
    status: { kind: 'succeeded', attempt, finishedAt: event.at, durationMs: 0 },
  });
  return advanceFrom(done, state.order.indexOf(step.id) + 1, event.at);
}

/**
 * `interrupted/resolved`: the operator checked an interrupted step and marks it done, asks
 * to run it again (behind the typed gate `rerun <id>`), or aborts the run.
 */
export function onInterruptedResolved(state: RunState, event: EventOf<'interrupted/resolved'>): Transition {
  const why = stepMisfit(state, event.type, event.stepId);
  if (why) return misfit(state, why);
  const step = stepById(state, event.stepId)!;
  const current = state.steps[event.stepId]!;
  if (current.status.kind !== 'awaiting-interrupted') {
    return misfit(state, `interrupted/resolved for ${step.id}: the step is ${describeStatus(current)}, not waiting on that question`);
  }

  switch (event.choice) {
    case 'mark-done': {
      const note = `marked done by ${event.by} after an interruption${event.note ? `: ${event.note}` : ''}`;
      const done = withStep(state, step.id, {
        status: { kind: 'succeeded', attempt: current.attempts, finishedAt: event.at, durationMs: 0, note },
      });
      return advanceFrom(done, state.order.indexOf(step.id) + 1, event.at);
    }
    case 'rerun': {
      const gate = { type: 'typed' as const, phrase: rerunPhrase(step.id) };
      return asking(withStep(state, step.id, { status: { kind: 'awaiting-gate', gate, reason: 'interrupted' } }), step.id);
    }
    case 'abort': {
      const aborted = withStatus({ ...state, cursor: null }, { kind: 'aborted', at: event.at, stepId: step.id });
      return { state: aborted, effects: [{ type: 'run-over', status: 'aborted', stepId: step.id }] };
    }
  }
}
