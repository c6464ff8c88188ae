import type { Preview, Step, StepStatus } from '../engine/types.js';
import type { RunView } from '../runner/run-view.js';
import { fillRunId } from '../runbook/run-id-placeholder.js';

/** The step the screen is about: the running one, the one asking, the failed one, or the next. */
export interface Focus {
  step: Step;
  status: StepStatus;
  /** 1-based position in the runbook, and the number of steps. */
  index: number;
  total: number;
  /** Exactly what it runs (or ran), when known. */
  preview: Preview | null;
  /** Stages its unfinished work reached (a long action's checkpoints), in order. */
  stages: string[];
}

export function focusOf(view: RunView): Focus | null {
  const { state, phase, live, recent } = view;
  const stepId =
    live?.stepId ??
    (phase.kind === 'asking' ? phase.ask.stepId : phase.kind === 'failed' ? phase.stepId : undefined) ??
    (state.cursor === null ? recent?.stepId : state.order[state.cursor]);
  if (!stepId) return null;
  const step = state.runbook.steps.find((s) => s.id === stepId);
  const stepState = state.steps[stepId];
  if (!step || !stepState) return null;
  const asked = phase.kind === 'asking' && phase.ask.type === 'ask-gate' && phase.ask.stepId === stepId ? phase.ask.preview : null;
  const preview = (live?.stepId === stepId ? live.preview : null) ?? asked ?? (recent?.stepId === stepId ? recent.preview : null);
  const stages = (stepState.checkpoints ?? []).map((c) => c.name);
  // The body's `pitstop report RUN_ID` is shown with this run's id.
  const withRunId = step.body === undefined ? step : { ...step, body: fillRunId(step.body, state.runId) };
  // A manual step's question carries its title and body with the templates filled in.
  const manual = phase.kind === 'asking' && phase.ask.type === 'ask-manual' && phase.ask.stepId === stepId ? phase.ask : null;
  const shown = manual ? { ...withRunId, title: manual.title, ...(manual.body !== undefined ? { body: fillRunId(manual.body, state.runId) } : {}) } : withRunId;
  return { step: shown, status: stepState.status, index: state.order.indexOf(stepId) + 1, total: state.order.length, preview, stages };
}
