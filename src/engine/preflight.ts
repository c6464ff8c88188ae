import { getAction } from '../actions/registry.js';
import type { RunState } from './types.js';
import { decidedWhens } from './wont-run.js';

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
    const when = decided.get(step.id);
    if (step.kind !== 'action' || state.steps[step.id]?.status.kind !== 'pending' || when?.runs === false) continue;
    const action = getAction(step.action);
    const surelyRuns = step.when === undefined || when?.runs === true;
    if (action?.needs !== undefined && surelyRuns && !provided.has(action.needs)) check.push(step.id);
    for (const what of action?.provides ?? []) provided.add(what);
  }
  return check;
}
