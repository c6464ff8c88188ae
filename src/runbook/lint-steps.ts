import '../actions/all-specs.js';
import { actionFitsEngine, getAction, listActions } from '../actions/registry.js';
import { didYouMean, record, str, type Problems } from './lint-problems.js';
import { parseParamValue } from './params.js';
import { pathPos } from './positions.js';
import { ParamSpec } from './schema.js';
import type { z } from 'zod';

type Engine = 'postgres' | 'libsql' | 'any';
type Path = Array<string | number>;

/** Ids in the order written (a step without a string id takes an empty slot). */
export function stepIds(steps: unknown[]): string[] {
  return steps.map((s) => str(record(s)?.id) ?? '');
}

/** 3 and 4: a step id used twice (reported at the second), and a goto to no step. */
export function checkIds(steps: unknown[], problems: Problems): void {
  const ids = stepIds(steps);
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === '') return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else {
      const { line } = pathPos(problems.parsed, ['steps', earlier, 'id']);
      problems.atPath(['steps', i, 'id'], `duplicate step id "${id}" (first used on line ${line}): step ids must be unique`);
    }
  });
  steps.forEach((step, i) => {
    const target = str(record(record(step)?.on_failure)?.goto);
    if (target !== undefined && !first.has(target)) {
      problems.atPath(['steps', i, 'on_failure', 'goto'], `on_failure goto "${target}": no step has that id${didYouMean(target, first.keys())}`);
    }
  });
}

/** 10: a check or a wait runs exactly one probe, a command or a query. */
/** A `skip_reason` explains a false `when`: without one it is never shown. */
export function checkSkipReason(step: Record<string, unknown>, i: number, problems: Problems): void {
  if (step.skip_reason === undefined || step.when !== undefined) return;
  problems.atKey(['steps', i], 'skip_reason', `skip_reason on step ${String(step.id)} is never shown: the step has no when (add the condition it explains, or remove it)`, 'warning');
}

export function checkProbe(step: Record<string, unknown>, i: number, problems: Problems): void {
  if (step.kind !== 'check' && step.kind !== 'wait') return;
  const has = (k: string) => step[k] !== undefined;
  if (has('argv') && has('query')) {
    problems.atKey(['steps', i], 'query', `a ${step.kind} step runs argv (a command) or query (SQL), not both: remove one`);
  } else if (!has('argv') && !has('query')) {
    problems.atPath(['steps', i], `a ${step.kind} step needs argv (a command) or query (SQL) to test`);
  }
}

/** 7 and 9: actions must exist for the runbook's engine, take valid `with:`, and destructive steps need a typed gate. */
export function checkActionAndGate(step: Record<string, unknown>, i: number, engine: Engine | undefined, problems: Problems): void {
  const base: Path = ['steps', i];
  const name = str(step.action);
  const action = step.kind === 'action' && name ? getAction(name) : undefined;
  if (step.kind === 'action' && name && /^[a-z]+\.[a-z][a-z0-9-]*$/.test(name)) {
    const fitting = listActions().filter((a) => !engine || actionFitsEngine(a, engine)).map((a) => a.name);
    if (!action) {
      problems.atPath([...base, 'action'], `unknown action "${name}": actions${engine ? ` for ${engine} runbooks` : ''} are ${fitting.join(', ')}${didYouMean(name, fitting)}`);
    } else if (engine && !actionFitsEngine(action, engine)) {
      problems.atPath([...base, 'action'], `action ${name} works on ${action.engine} targets, and this runbook's engine is ${engine}`);
    } else {
      checkWith(action.args, step.with, base, problems);
    }
  }
  // As in the engine: an action's own `destructive` cannot be switched off by the runbook.
  if (action?.destructive === true && step.destructive === false) {
    problems.atPath([...base, 'destructive'], `action ${name} writes to the target: destructive: false cannot switch that off; remove it and give the step a typed gate`);
  }
  const destructive = step.destructive === true || action?.destructive === true;
  const gate = record(step.gate);
  if (!destructive || gate?.type === 'typed') return;
  const message = `destructive step needs a typed gate (gate: { type: typed, phrase: ... })`;
  if (gate) problems.atPath([...base, 'gate'], message);
  else if (step.destructive === true) problems.atKey(base, 'destructive', message);
  else problems.atPath([...base, 'action'], `${message}: action ${name} writes to the target`);
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasTemplate);
  const r = record(value);
  return r ? Object.values(r).some(hasTemplate) : false;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** `with:` against the action's arguments; fields holding templates are judged at run time. */
function checkWith(args: z.ZodType, given: unknown, base: Path, problems: Problems): void {
  const value = given ?? {};
  const result = args.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    // Any templated value on the way down is unknown until the run: skip what it decides.
    if (path.some((_, n) => hasTemplate(valueAt(value, path.slice(0, n + 1))))) continue;
    const where = ['with', ...path].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.atKey([...base, 'with', ...path], key, `unknown field "${key}" in ${where}`);
    } else if (issue.code === 'invalid_type' && valueAt(value, path) === undefined) {
      problems.atPath([...base, 'with', ...path], `${['with', ...path.slice(0, -1)].join('.')} is missing the required field ${String(path.at(-1))}`);
    } else {
      problems.atPath([...base, 'with', ...path], `${where}: ${issue.message}`);
    }
  }
}

/** 8: a default must be a valid value of its type (a timestamp default needs an offset). */
export function checkParamSpecs(specs: unknown, base: Path, problems: Problems): void {
  const all = record(specs);
  if (!all) return;
  for (const [name, raw] of Object.entries(all)) {
    const parsed = ParamSpec.safeParse(raw);
    if (!parsed.success) continue;
    const spec = parsed.data;
    if (spec.type === 'enum' && !spec.values) problems.atPath([...base, name, 'type'], `enum parameter ${name} needs values: [...]`);
    if (spec.type === 'secret' && spec.default !== undefined) {
      problems.atPath([...base, name, 'default'], `secret parameter ${name} has a default written in the runbook: anyone who can read the file can read it; pass it with --set or an input step`, 'warning');
    }
    if (spec.default === undefined || (spec.type === 'enum' && !spec.values)) continue;
    const check = parseParamValue(name, spec, spec.default);
    if (!check.ok) problems.atPath([...base, name, 'default'], `default of ${name} is not a valid ${spec.type}: ${check.error}`);
  }
}

/** 11: an input step may not redefine a runbook parameter. */
export function checkInputShadowing(step: Record<string, unknown>, i: number, runbookParams: Set<string>, problems: Problems): void {
  if (step.kind !== 'input') return;
  for (const name of Object.keys(record(step.params) ?? {})) {
    if (runbookParams.has(name)) {
      problems.atKey(['steps', i, 'params'], name, `input step asks for ${name}, which is already a runbook parameter: rename one of them`);
    }
  }
}
