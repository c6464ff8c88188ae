import type { Step } from '../runbook/schema.js';
import { stringOf } from '../runbook/template.js';
import { stepById } from './state.js';
import type { RunState, StepState } from './types.js';

/** One fact an earlier step established that the step at a gate depends on. */
export interface GateFact {
  /** The step that established it. */
  from: string;
  label: string;
  value: string;
  /** `finding`/`fail`: a check found something or failed (shown as a warning). */
  tone: 'plain' | 'finding' | 'fail';
}

/** Facts shown at most, so the gate question stays on screen. */
export const MAX_GATE_FACTS = 12;

const OUTPUT_REF = /steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_$-]+)/g;
/** Outputs that are whole result sets, not facts a person reads at a glance. */
const BULKY_OUTPUTS = new Set(['rows', 'columns', 'row_count', 'stdout', 'stderr']);

/**
 * What the operator should see before approving `stepId`: the evidence of the earlier steps
 * the step depends on, derived from the step itself, not from a list per runbook:
 * - every earlier output its templates and expressions use (`steps.X.outputs.Y`);
 * - for a step that reads the restored copy (`on: restored`, `from: restored`), the step that
 *   made the copy and what the earlier steps on the copy found (its rows, its newest row);
 * - for an action on a table, what earlier actions on the same table established (a copy plan);
 * - the evidence of the step just before it (its checks and findings).
 * Pure: reads the run state only.
 */
export function gateFacts(state: RunState, stepId: string): GateFact[] {
  const step = stepById(state, stepId);
  const index = state.order.indexOf(stepId);
  if (!step || index < 0) return [];
  const earlier = state.order.slice(0, index).map((id) => ({ step: stepById(state, id)!, run: state.steps[id]! }));
  const done = earlier.filter((e) => e.run.status.kind === 'succeeded');
  const facts: GateFact[] = [];
  const add = (fact: GateFact): void => {
    if (!facts.some((f) => f.from === fact.from && f.label === fact.label)) facts.push(fact);
  };

  for (const [from, name] of referencedOutputs(step)) {
    const source = done.find((e) => e.step.id === from);
    if (source && Object.hasOwn(source.run.outputs, name)) add(outputFact(from, name, source.run.outputs[name]));
  }
  if (readsRestored(step)) {
    const onCopy = done.filter((e) => readsRestored(e.step));
    const firstOnCopy = earlier.findIndex((e) => e === onCopy[0]);
    const maker = done.filter((e) => e.step.kind === 'action' && earlier.indexOf(e) < (firstOnCopy < 0 ? earlier.length : firstOnCopy)).at(-1);
    if (maker) stepFacts(maker.step, maker.run).forEach(add);
    for (const e of onCopy) stepFacts(e.step, e.run).forEach(add);
  }
  const table = tableArg(step);
  if (table !== undefined) {
    for (const e of done) if (e.step.kind === 'action' && tableArg(e.step) === table && e.step.id !== step.id) stepFacts(e.step, e.run).forEach(add);
  }
  const previous = earlier.filter((e) => e.run.status.kind === 'succeeded' || e.run.status.kind === 'failed').at(-1);
  if (previous) evidenceFacts(previous.step.id, previous.run).forEach(add);
  return facts.slice(0, MAX_GATE_FACTS);
}

/** Every `steps.X.outputs.Y` the step's fields use (not its prose), in order, once each. */
function referencedOutputs(step: Step): [string, string][] {
  const { id: _id, title: _title, body: _body, ...fields } = step as Step & { body?: string; title?: string };
  const seen = new Map<string, [string, string]>();
  for (const match of JSON.stringify(fields).matchAll(OUTPUT_REF)) seen.set(`${match[1]}.${match[2]}`, [match[1]!, match[2]!]);
  return [...seen.values()];
}

function readsRestored(step: Step): boolean {
  const fields = step as Step & { on?: unknown; with?: Record<string, unknown> };
  return fields.on === 'restored' || Object.values(fields.with ?? {}).includes('restored');
}

function tableArg(step: Step): string | undefined {
  const args = (step as Step & { with?: Record<string, unknown> }).with;
  return typeof args?.['table'] === 'string' ? args['table'] : undefined;
}

/** A step's evidence, then its outputs that are counts or times (not paths, not result sets). */
function stepFacts(step: Step, run: StepState): GateFact[] {
  const outputs = Object.entries(run.outputs)
    .filter(([name, value]) => !BULKY_OUTPUTS.has(name) && isCountOrTime(value))
    .map(([name, value]) => outputFact(step.id, name, value));
  return [...evidenceFacts(step.id, run), ...outputs];
}

function isCountOrTime(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return typeof value === 'string' && (/^-?\d+(\.\d+)?$/.test(value) || /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(value));
}

function evidenceFacts(from: string, run: StepState): GateFact[] {
  return run.evidence.map((e) => ({
    from,
    label: e.label,
    value: e.pass || e.finding ? e.actual : `${e.actual} (expected ${e.expected})`,
    tone: e.pass ? 'plain' : e.finding ? 'finding' : 'fail',
  }));
}

function outputFact(from: string, name: string, value: unknown): GateFact {
  return { from, label: name, value: stringOf(value), tone: 'plain' };
}
