import type { TemplateContext } from '../runbook/template.js';
import type { Step } from '../runbook/schema.js';
import type { RunState, RunStatus, StepState, Transition } from './types.js';

/** The runbook step with this id (steps never change during a run). */
export function stepById(state: RunState, id: string): Step | undefined {
  return state.runbook.steps.find((s) => s.id === id);
}

/** The step at the cursor and its state, or null when the run is over. */
export function cursorStep(state: RunState): { step: Step; stepState: StepState } | null {
  if (state.cursor === null) return null;
  const id = state.order[state.cursor];
  const step = id === undefined ? undefined : stepById(state, id);
  const stepState = id === undefined ? undefined : state.steps[id];
  return step && stepState ? { step, stepState } : null;
}

/** Whether `id` names the step at the cursor. */
export function isCursor(state: RunState, id: string): boolean {
  return state.cursor !== null && state.order[state.cursor] === id;
}

/** A new state with one step's state replaced (the input is left untouched). */
export function withStep(state: RunState, id: string, patch: Partial<StepState>): RunState {
  const current = state.steps[id];
  if (!current) return state;
  return { ...state, steps: { ...state.steps, [id]: { ...current, ...patch } } };
}

/** A new state with the run's status replaced. */
export function withStatus(state: RunState, status: RunStatus): RunState {
  return { ...state, status };
}

/** Whether the run has ended (finished, failed or aborted). */
export function isOver(state: RunState): boolean {
  const kind = state.status.kind;
  return kind === 'finished' || kind === 'failed' || kind === 'aborted';
}

/** What templates see: params, the target, every step's outputs so far, the run. */
export function templateContext(state: RunState): TemplateContext {
  const steps: TemplateContext['steps'] = {};
  for (const id of state.order) steps[id] = { outputs: state.steps[id]?.outputs ?? {} };
  return { params: state.params, target: state.target, steps, run: { id: state.runId, started_at: state.startedAt } };
}

/** The answer to an event that fits but changes nothing (e.g. `step/output`). */
export function unchanged(state: RunState): Transition {
  return { state, effects: [] };
}

/** The answer to an event that does not fit the state: nothing changes, and why it does not fit. */
export function misfit(state: RunState, why: string): Transition {
  return { state, effects: [], misfit: why };
}

/**
 * Why an event about `stepId` cannot apply now, or null: no such step in the runbook, the
 * run is over, or the run is at another step.
 */
export function stepMisfit(state: RunState, type: string, stepId: string): string | null {
  if (!state.steps[stepId]) return `${type} for ${stepId}: the runbook has no step ${stepId}`;
  if (isOver(state)) return `${type} for ${stepId}: the run is already over (${state.status.kind})`;
  if (!isCursor(state, stepId)) {
    const at = state.cursor === null ? 'no step' : `step ${state.order[state.cursor]}`;
    return `${type} for ${stepId}: the run is at ${at}`;
  }
  return null;
}

/** A step status in words, for misfit messages. */
export function describeStatus(stepState: StepState): string {
  const status = stepState.status;
  return 'attempt' in status ? `${status.kind} (attempt ${status.attempt})` : status.kind;
}

/** The message of anything thrown, for a step's error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
