import type { RunEvent } from '../engine/types.js';

/** A step whose work stopped part way: the stages it had finished (`step/checkpoint`), in order. */
export interface StepInProgress {
  stepId: string;
  stages: string[];
}

/**
 * The step a journal left unfinished after some of its stages, or null: the stages of an
 * attempt cut short by a crash or a signal carry over to the next attempt (which continues
 * after them) until the step finishes.
 */
export function stepInProgress(events: readonly RunEvent[]): StepInProgress | null {
  let current = null as StepInProgress | null;
  for (const event of events) {
    if (event.type === 'step/started') current = current?.stepId === event.stepId ? current : { stepId: event.stepId, stages: [] };
    else if (event.type === 'step/checkpoint' && current?.stepId === event.stepId) current = { ...current, stages: [...current.stages, event.name] };
    else if (event.type === 'step/finished' && current?.stepId === event.stepId) current = null;
  }
  return current && current.stages.length > 0 ? current : null;
}
