import { getAction } from '../actions/registry.js';
import type { RunState, StepStatus } from './types.js';
import { decidedWhens } from './wont-run.js';

const DONE: ReadonlySet<StepStatus['kind']> = new Set(['succeeded', 'failed', 'skipped', 'interrupted']);

/**
 * The steps whose preconditions a new run checks before step 1: action steps that will run
 * (no `when`, or one the settled params already make true) and need something (`needs:` of
 * their action's spec) that no earlier step that may run provides (`provides:`). A step
 * behind an undecided `when` is left to its own check when it is reached. Pure.
 */
export function stepsToCheckFirst(state: RunState): string[] {
  const decided = decidedWhens(state);
  const provided = new Set<string>();
  const check: string[] = [];
  for (const step of state.runbook.steps) {
    const status = state.steps[step.id]?.status.kind ?? 'pending';
    const when = decided.get(step.id);
    if (step.kind !== 'action' || DONE.has(status) || when?.runs === false) continue;
    const action = getAction(step.action);
    // A step the run already reached (awaiting its gate) passed its `when`.
    const surelyRuns = step.when === undefined || status !== 'pending' || when?.runs === true;
    if (action?.needs !== undefined && surelyRuns && !provided.has(action.needs)) check.push(step.id);
    for (const what of action?.provides ?? []) provided.add(what);
  }
  return check;
}
