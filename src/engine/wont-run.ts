import type { Step } from '../runbook/schema.js';
import { conditionsUsed, evaluateWhen, parseWhen, whenRefs } from '../runbook/when.js';
import { whenFalseSentence } from '../runbook/when-sentence.js';
import { templateContext } from './state.js';
import type { RunState } from './types.js';

/**
 * The steps not reached yet that will be skipped whatever happens before them, with why (the
 * sentence their skip will give): their `when` reads only params and the target, none of
 * those params can still change (no unfinished `input` step sets them), and it is false now.
 * A `when` on an earlier step's outputs is never decided ahead. Pure.
 */
export function stepsThatWontRun(state: RunState): Map<string, string> {
  const wont = new Map<string, string>();
  for (const [id, decided] of decidedWhens(state)) if (!decided.runs) wont.set(id, decided.why);
  return wont;
}

/**
 * The steps not reached yet whose `when` is already decided, as for `stepsThatWontRun`: true
 * for those that will run (their `when` holds whatever happens before them), false (with the
 * sentence of their skip) for those that will not. Steps without a `when` are not listed. Pure.
 */
export function decidedWhens(state: RunState): Map<string, { runs: true } | { runs: false; why: string }> {
  const ctx = templateContext(state);
  const conditions = state.runbook.conditions ?? {};
  const stillAsked = new Set(
    state.runbook.steps.filter((s) => s.kind === 'input' && state.steps[s.id]?.status.kind !== 'succeeded').flatMap((s) => Object.keys(s.kind === 'input' ? s.params : {})),
  );
  const decided = new Map<string, { runs: true } | { runs: false; why: string }>();
  for (const step of state.runbook.steps) {
    if (state.steps[step.id]?.status.kind !== 'pending' || step.when === undefined || !decidedByParams(step, conditions, stillAsked)) continue;
    try {
      decided.set(step.id, evaluateWhen(step.when, ctx, conditions) ? { runs: true } : { runs: false, why: step.skip_reason ?? whenFalseSentence(step.when, ctx, conditions) });
    } catch {
      // Undefined now: the step will say so when it is reached.
    }
  }
  return decided;
}

function decidedByParams(step: Step, conditions: Readonly<Record<string, string>>, stillAsked: ReadonlySet<string>): boolean {
  const texts = [step.when!, ...conditionsUsed(step.when!, conditions).map((c) => c.expr)];
  try {
    return texts.every((text) =>
      whenRefs(parseWhen(text)).every(({ path }) => path[0] === 'target' || (path[0] === 'params' && !stillAsked.has(path[1] ?? ''))),
    );
  } catch {
    return false;
  }
}
