import { getAction } from '../actions/registry.js';
import type { Step } from '../runbook/schema.js';
import { renderValue, type TemplateContext } from '../runbook/template.js';
import type { ResolvedGate, TargetView } from './types.js';

/**
 * A step is destructive when the runbook says so or when its action writes to the target
 * itself. An action's own `destructive` cannot be switched off by the runbook.
 */
export function isDestructive(step: Step): boolean {
  if (step.destructive === true) return true;
  return step.kind === 'action' && getAction(step.action)?.destructive === true;
}

/**
 * Whether the operator may skip a step that failed and go on. Not a destructive one: that
 * step is the recovery itself, and skipping it would end the run "finished" with nothing
 * recovered.
 */
export function isSkippable(step: Step): boolean {
  return !isDestructive(step);
}

/** Whether a step may simply run again after a crash interrupted it (docs/runbooks.md). */
export function isRepeatable(step: Step): boolean {
  if (isDestructive(step)) return false;
  if (step.repeatable !== undefined) return step.repeatable;
  switch (step.kind) {
    case 'manual':
    case 'confirm':
    case 'input':
    case 'check':
    case 'wait':
      return true;
    case 'sql':
      return step.read_only !== false;
    case 'command':
      return false;
    case 'action':
      return getAction(step.action)?.repeatable === true;
  }
}

/**
 * The gate in front of a step, or null. A destructive step always gets a typed gate; when the
 * runbook gave none (or only `confirm`), the phrase is the target's name. Templates in the
 * phrase and prompt are rendered; throws TemplateError, or Error for an empty phrase.
 */
export function resolveGate(step: Step, ctx: TemplateContext, target: TargetView): ResolvedGate | null {
  const gate = step.gate;
  const prompt = gate?.prompt === undefined ? {} : { prompt: renderValue(gate.prompt, ctx) };
  if (gate?.type === 'typed') {
    const phrase = renderValue(gate.phrase, ctx);
    if (phrase.trim() === '') throw new Error(`the gate phrase "${gate.phrase}" renders empty`);
    return { type: 'typed', phrase, ...prompt };
  }
  if (isDestructive(step)) return { type: 'typed', phrase: target.name, ...prompt };
  if (gate?.type === 'confirm' || step.kind === 'confirm') return { type: 'confirm', ...prompt };
  return null;
}

/** The phrase that approves running an interrupted step again. */
export function rerunPhrase(stepId: string): string {
  return `rerun ${stepId}`;
}
