import type { Runbook, Step } from '../runbook/schema.js';
import type { TemplateContext } from '../runbook/template.js';
import { conditionsUsed, evaluateWhen, type Conditions } from '../runbook/when.js';
import { whenFalseSentence } from '../runbook/when-sentence.js';
import { getAction } from '../actions/registry.js';
import { previewHints } from './effects.js';
import { dryRunArgs, placeholder } from './plan-args.js';
import { resolveGate } from './policy.js';
import { previewRequest } from './preview.js';
import { buildRequest } from './request.js';
import { messageOf } from './state.js';
import type { ParamValue, Preview, ResolvedGate, TargetView } from './types.js';

/** One step of a dry run: what it would run, behind which gate, and anything unknown yet. */
export interface PlannedStep {
  id: string;
  title: string;
  kind: string;
  gate: ResolvedGate | null;
  when?: string;
  /** The runbook conditions its `when` names, directly or through each other, with what each stands for. */
  conditions?: { name: string; expr: string }[];
  preview: Preview | null;
  note?: string;
}

const STEP_REF = /\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)/g;

/**
 * `--dry-run`: every step in order, rendered as far as it can be before anything runs.
 * Outputs of earlier steps are unknown and shown as `<steps.X.outputs.Y>`; a `when` that
 * depends on them is not evaluated (the step is shown, with a note). Never throws for a
 * valid runbook: whatever cannot be resolved becomes a note on its step.
 */
export function planRun(
  runbook: Runbook,
  target: TargetView,
  params: Record<string, ParamValue>,
  run: { id: string; started_at: string },
): PlannedStep[] {
  const ctx: TemplateContext = { params: withInputPlaceholders(runbook, params), target, steps: placeholderSteps(runbook), run };
  return runbook.steps.map((step) => planStep(step, ctx, target, runbook.conditions ?? {}));
}

function planStep(step: Step, ctx: TemplateContext, target: TargetView, conditions: Conditions): PlannedStep {
  const planned: PlannedStep = { id: step.id, title: step.title ?? step.id, kind: step.kind, gate: null, preview: null };
  const notes: string[] = [];
  if (step.when !== undefined) {
    planned.when = step.when;
    const used = conditionsUsed(step.when, conditions);
    if (used.length > 0) planned.conditions = used;
    const depends = referencedSteps([step.when, ...used.map((u) => u.expr)].join(' '));
    if (depends.length > 0) {
      notes.push(`runs only if its condition holds; depends on step ${depends.join(', ')}`);
    } else {
      try {
        if (!evaluateWhen(step.when, ctx, conditions)) return { ...planned, note: `will be skipped: ${step.skip_reason ?? whenFalseSentence(step.when, ctx, conditions)}` };
      } catch (error) {
        notes.push(`when: ${messageOf(error)}`);
      }
    }
  }
  try {
    planned.gate = resolveGate(step, ctx, target);
  } catch (error) {
    notes.push(`gate: ${messageOf(error)}`);
  }
  try {
    const shown = previewOf(step, ctx, target);
    planned.preview = shown.preview;
    notes.push(...shown.problems);
  } catch (error) {
    notes.push(messageOf(error));
  }
  if (step.kind === 'input') notes.push(`asks for ${Object.keys(step.params).join(', ')}`);
  if (step.kind === 'manual') notes.push('the operator does this by hand and marks it done');
  return notes.length > 0 ? { ...planned, note: notes.join('; ') } : planned;
}

/**
 * What the step would run. An action's arguments are judged as the run would judge them,
 * except those known only during the run, which are shown as their template.
 */
function previewOf(step: Step, ctx: TemplateContext, target: TargetView): { preview: Preview | null; problems: string[] } {
  const request = buildRequest(step, ctx, target, { validate: false });
  if (!request) return { preview: null, problems: [] };
  let problems: string[] = [];
  let shown = request;
  const action = request.kind === 'action' ? getAction(request.action) : undefined;
  if (request.kind === 'action' && action) {
    const judged = dryRunArgs(request.action, action.args, request.with);
    shown = { ...request, with: judged.args };
    problems = judged.problems;
  }
  return { preview: previewRequest(shown, target, previewHints(step)), problems };
}

/** Values an input step will ask for during the run, shown as `<params.X>` until then. */
function withInputPlaceholders(runbook: Runbook, params: Record<string, ParamValue>): Record<string, ParamValue> {
  const all = { ...params };
  for (const step of runbook.steps) {
    if (step.kind !== 'input') continue;
    for (const name of Object.keys(step.params)) if (!(name in all)) all[name] = placeholder(`params.${name}`);
  }
  return all;
}

/** Every step with outputs that are placeholders for each reference the runbook makes. */
function placeholderSteps(runbook: Runbook): TemplateContext['steps'] {
  const steps: TemplateContext['steps'] = {};
  for (const step of runbook.steps) steps[step.id] = { outputs: {} };
  for (const text of stringsIn(runbook.steps)) {
    for (const match of text.matchAll(STEP_REF)) {
      const [, id, path] = match;
      const outputs = (steps[id!] ??= { outputs: {} }).outputs;
      setPath(outputs, path!.split('.'), placeholder(`steps.${id}.outputs.${path}`));
    }
  }
  return steps;
}

function setPath(into: Record<string, unknown>, path: string[], leaf: string): void {
  let node = into;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = leaf;
      return;
    }
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

function referencedSteps(text: string): string[] {
  return [...new Set([...text.matchAll(/\bsteps\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!))];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
