import { z } from 'zod';
import { TargetConfig } from '../config/schema.js';
import { didYouMean, record, str, type Problems } from './lint-problems.js';
import type { YamlPath } from './positions.js';
import { sqlValueTemplateMessage, TEMPLATE_FORMS, TemplateError, templateRefs } from './template.js';
import { unknownConditionMessage } from './conditions.js';
import { parseWhen, whenNames, whenRefs, WhenSyntaxError } from './when-parse.js';

/** What references may name: the runbook's params (input steps' too) and its step ids in order. */
export interface RefScope {
  params: Set<string>;
  stepIds: string[];
  /** Params asked by input steps: name → index of the first input step that asks for it. */
  inputs?: Map<string, number>;
  /** The runbook's condition names, and for each sound one every reference it reaches. */
  conditions?: { names: string[]; refs: Map<string, { path: string[] }[]> };
}

/** Fields that are not templated (or are checked elsewhere). */
const NOT_TEMPLATED = new Set(['id', 'kind', 'action', 'expect', 'destructive', 'reason', 'repeatable', 'timeout', 'retries', 'on_failure', 'interval', 'read_only']);
const PROSE = new Set(['title', 'body']);

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

/** Why `target.…` does not name a target field, or null if it does. */
function checkTargetPath(path: string[]): string | null {
  const [, field, sub] = path;
  const fields = [...new Set(['name', 'engine', ...Object.keys(TargetConfig.shape)])];
  if (!field || !fields.includes(field)) {
    return `target.${field ?? ''} is not a target field: targets have ${fields.join(', ')}${didYouMean(field ?? '', fields)}`;
  }
  const schema = (TargetConfig.shape as Record<string, z.ZodType>)[field];
  const inner = schema ? unwrap(schema) : undefined;
  if (sub !== undefined && inner instanceof z.ZodObject) {
    const subs = Object.keys(inner.shape);
    if (!subs.includes(sub)) return `target.${field}.${sub} is not defined: target.${field} has ${subs.join(', ')}${didYouMean(sub, subs)}`;
  }
  return null;
}

/** Why a reference cannot resolve in step `index`, or null when it can. */
export function checkRefPath(path: string[], scope: RefScope, index: number): string | null {
  const dotted = path.join('.');
  const [root, name] = path;
  if (root !== 'params' && root !== 'target' && root !== 'steps' && root !== 'run') {
    return `${dotted} is not a reference: templates name ${TEMPLATE_FORMS}`;
  }
  if (name === undefined) return `${dotted} needs a name after it (${TEMPLATE_FORMS})`;
  switch (root) {
    case 'params':
      if (!scope.params.has(name)) {
        return `params.${name} is not defined: add it under params: (or to an input step)${didYouMean(name, scope.params)}`;
      }
      const asked = scope.inputs?.get(name);
      if (asked !== undefined && asked >= index) {
        const by = scope.stepIds[asked] || `step ${asked + 1}`;
        return `params.${name} is asked by input step ${by}, which ${asked === index ? 'is this step' : 'comes later'}: it has no value yet here`;
      }
      return null;
    case 'target':
      return checkTargetPath(path);
    case 'steps': {
      const at = scope.stepIds.indexOf(name);
      if (at < 0) return `steps.${name} is not defined: no step has the id ${name}${didYouMean(name, scope.stepIds)}`;
      if (at === index) return `steps.${name} is this step itself: only earlier steps' outputs exist when it runs`;
      if (at > index) return `steps.${name} comes later in the runbook: only earlier steps' outputs exist when this one runs`;
      if (path[2] !== 'outputs' || path[3] === undefined) return `${dotted} is not a reference: write steps.${name}.outputs.NAME`;
      return null;
    }
    default:
      return path.length === 2 && (name === 'id' || name === 'started_at') ? null : `${dotted} is not defined: only run.id and run.started_at exist`;
  }
}

type Mode = 'value' | 'prose' | 'sql';

function checkString(text: string, path: YamlPath, mode: Mode, scope: RefScope, index: number, problems: Problems): void {
  let refs;
  try {
    refs = templateRefs(text);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    problems.atChar(path, error.offset ?? 0, 2, error.message, mode === 'prose' ? 'warning' : 'error');
    return;
  }
  for (const ref of refs) {
    if (mode === 'sql' && ref.helper !== 'ident') {
      problems.atChar(path, ref.start, ref.raw.length, sqlValueTemplateMessage(ref.raw));
      continue;
    }
    const why = checkRefPath(ref.path, scope, index);
    if (why) problems.atChar(path, ref.start, ref.raw.length, why);
  }
}

function checkWhen(text: string, path: YamlPath, scope: RefScope, index: number, problems: Problems): void {
  let ast;
  try {
    ast = parseWhen(text);
  } catch (error) {
    if (!(error instanceof WhenSyntaxError)) throw error;
    problems.atChar(path, error.offset, 1, `when: ${error.message}`);
    return;
  }
  for (const ref of whenRefs(ast)) {
    const why = checkRefPath(ref.path, scope, index);
    if (why) problems.atChar(path, ref.offset, ref.path.join('.').length, `when: ${why}`);
  }
  for (const use of whenNames(ast)) {
    const why = checkConditionUse(use.name, scope, index);
    if (why) problems.atChar(path, use.offset, use.name.length, `when: ${why}`);
  }
}

/**
 * Why a condition cannot be used by name in step `index`, or null: an unknown name, or a
 * reference (its own or a condition's it uses) to a step that has not run by then. Problems
 * inside the condition itself are reported there, once.
 */
function checkConditionUse(name: string, scope: RefScope, index: number): string | null {
  const names = scope.conditions?.names ?? [];
  if (!names.includes(name)) return `${unknownConditionMessage(name, names)}${didYouMean(name, names)}`;
  for (const ref of scope.conditions?.refs.get(name) ?? []) {
    const why = checkRefPath(ref.path, scope, index);
    if (why) return `condition ${name}: ${why}`;
  }
  return null;
}

function eachString(value: unknown, path: YamlPath, visit: (s: string, path: YamlPath) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, [...path, i], visit));
  else if (record(value)) for (const [k, v] of Object.entries(value as object)) eachString(v, [...path, k], visit);
}

/** Template references and `when:` of the step at `index`: undefined names, SQL value templates, syntax. */
export function checkStepRefs(step: unknown, index: number, scope: RefScope, problems: Problems): void {
  const fields = record(step);
  if (!fields) return;
  const base = ['steps', index];
  for (const [key, value] of Object.entries(fields)) {
    if (NOT_TEMPLATED.has(key) || (key === 'params' && fields.kind === 'input')) continue;
    const path = [...base, key];
    if (key === 'when') {
      const text = str(value);
      if (text !== undefined) checkWhen(text, path, scope, index, problems);
      continue;
    }
    const mode: Mode = key === 'query' ? 'sql' : PROSE.has(key) ? 'prose' : 'value';
    eachString(value, path, (s, p) => checkString(s, p, mode, scope, index, problems));
  }
}
