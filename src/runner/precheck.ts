import { getAction } from '../actions/registry.js';
import type { Precondition } from '../actions/types.js';
import type { Target } from '../config/schema.js';
import { stepsToCheckFirst } from '../engine/preflight.js';
import { buildRequest } from '../engine/request.js';
import { PreconditionError } from '../errors.js';
import { stepById, templateContext } from '../engine/state.js';
import type { Effect, RunState } from '../engine/types.js';

/**
 * Whether the step behind `effect` should have what it needs checked first: before its gate
 * is asked, or before it runs when it has no gate (or its gate was answered before the check
 * existed on this visit). Never for a step continuing after stages an interrupted attempt did.
 */
export function wantsPrecheck(effect: Effect, state: RunState): effect is Extract<Effect, { type: 'ask-gate' | 'execute' }> {
  if (effect.type === 'ask-gate') return effect.reason === 'gate' && effect.rejected === undefined;
  if (effect.type !== 'execute') return false;
  return !state.steps[effect.stepId]?.approvedBy && (effect.stagesDone?.length ?? 0) === 0;
}

/**
 * Runs the precheck of the action a step uses, when its spec says it `needs` something: null
 * when it is there (or there is nothing to check), else why the step cannot run and how to
 * provide it. A precheck that itself breaks is not a verdict: the step runs and says why.
 */
export async function precheckStep(state: RunState, stepId: string, target: Target): Promise<Precondition | null> {
  const step = stepById(state, stepId);
  if (step?.kind !== 'action') return null;
  const action = getAction(step.action);
  if (!action?.needs) return null;
  try {
    const request = buildRequest(step, templateContext(state), state.target);
    if (request?.kind !== 'action') return null;
    const args = action.args.safeParse(request.with);
    const precheck = args.success ? await action.loadPrecheck() : undefined;
    return precheck ? await precheck(args.data, { target }) : null;
  } catch {
    return null;
  }
}

/**
 * Before step 1 of a new run: the prechecks of the steps that will run and need what no
 * earlier step provides (`stepsToCheckFirst`), in order; the first that fails refuses the
 * run with a PreconditionError (its reason, how to provide it, the runbook to run first).
 */
export async function precheckBeforeStepOne(state: RunState, target: Target): Promise<void> {
  for (const stepId of stepsToCheckFirst(state)) {
    const missing = await precheckStep(state, stepId, target);
    if (!missing) continue;
    // The step's own hint speaks of a run already under way (come back and Retry): none is yet.
    const hint = missing.runFirst
      ? `Run ${missing.runFirst} on ${target.name} first (choose it on the home screen, or \`pitstop run ${missing.runFirst} --target ${target.name}\`), then start this runbook again.`
      : missing.hint;
    throw new PreconditionError(missing.reason, { stepId, ...(hint ? { hint } : {}), ...(missing.runFirst ? { runFirst: missing.runFirst } : {}) });
  }
}
