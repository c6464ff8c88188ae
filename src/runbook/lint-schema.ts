import { isMap } from 'yaml';
import type { z } from 'zod';
import { didYouMean, record, str, type Problems } from './lint-problems.js';
import { nodeAt } from './positions.js';
import {
  ActionStep,
  CheckStep,
  CommandStep,
  ConfirmStep,
  InputStep,
  ManualStep,
  ParamSpec,
  Runbook,
  SqlStep,
  WaitStep,
} from './schema.js';

type Path = Array<string | number>;

const STEP_SHAPES: Record<string, z.ZodObject> = {
  manual: ManualStep,
  confirm: ConfirmStep,
  input: InputStep,
  command: CommandStep,
  sql: SqlStep,
  check: CheckStep,
  wait: WaitStep,
  action: ActionStep,
};

/** Human name of a place in the runbook: `step copy-back: gate.phrase`, `params.table.type`. */
export function describePath(data: unknown, path: ReadonlyArray<string | number>): string {
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const id = str(record((record(data)?.steps as unknown[] | undefined)?.[path[1]])?.id);
    const rest = dotted(path.slice(2));
    return `${id ? `step ${id}` : `step ${path[1] + 1}`}${rest ? `: ${rest}` : ''}`;
  }
  return dotted(path) || 'the runbook';
}

function dotted(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Fields allowed in the mapping at `path`, for "unknown field" messages. */
function allowedKeys(data: unknown, path: Path): string[] | undefined {
  const last = path.at(-1);
  if (path.length === 0) return Object.keys(Runbook.shape);
  if (path.length === 2 && path[0] === 'steps') {
    const shape = STEP_SHAPES[str(record(valueAt(data, path))?.kind) ?? ''];
    return shape ? Object.keys(shape.shape) : undefined;
  }
  if (path.at(-2) === 'params' && typeof last === 'string') return Object.keys(ParamSpec.shape);
  if (last === 'gate') return record(valueAt(data, path))?.type === 'typed' ? ['type', 'phrase', 'prompt'] : ['type', 'prompt'];
  if (last === 'sla') return ['rto', 'rpo'];
  if (last === 'retries') return ['count', 'delay'];
  if (last === 'on_failure') return ['goto'];
  return undefined;
}

/** A value that starts with `{{` and is not quoted reads as a YAML flow mapping. */
function unquotedTemplate(problems: Problems, path: Path): boolean {
  const node = nodeAt(problems.parsed, path);
  const range = node?.range;
  return isMap(node) && !!range && problems.parsed.source.slice(range[0], range[0] + 2) === '{{';
}

type Placed = { path: Path; key?: string; message: string };

function schemaMessages(issue: z.core.$ZodIssue, data: unknown, problems: Problems): Placed[] {
  if (issue.code === 'unrecognized_keys') {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const allowed = allowedKeys(data, path);
    return issue.keys.map((key) => ({
      path,
      key,
      message: `unknown field "${key}" in ${describePath(data, path)}${allowed ? `: allowed fields are ${allowed.join(', ')}${didYouMean(key, allowed)}` : ''}`,
    }));
  }
  return [schemaMessage(issue, data, problems)];
}

function schemaMessage(issue: z.core.$ZodIssue, data: unknown, problems: Problems): Placed {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = describePath(data, path);
  const last = path.at(-1);
  const parent = describePath(data, path.slice(0, -1));
  switch (issue.code) {
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string }).discriminator;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      if (disc) {
        const got = valueAt(data, path);
        if (got === undefined) return { path, message: `${parent} has no ${disc}: it must be one of ${options.join(', ')}` };
        const shown = JSON.stringify(got);
        return { path, message: `unknown ${disc} ${shown} in ${parent}: ${disc}s are ${options.join(', ')}${didYouMean(String(got), options)}` };
      }
      if (last === 'on_failure') return { path, message: `${where} must be stop, continue or { goto: STEP_ID }` };
      break;
    }
    case 'invalid_value': {
      const got = valueAt(data, path);
      const allowed = issue.values.map(String);
      if (got === undefined) return { path, message: `${parent} is missing the required field ${String(last)}: one of ${allowed.join(', ')}` };
      return { path, message: `${where}: ${JSON.stringify(got)} is not allowed; use one of ${allowed.join(', ')}${didYouMean(String(got), allowed)}` };
    }
    case 'invalid_key':
      return { path: path.slice(0, -1), key: String(last), message: `"${String(last)}" in ${parent} is not a valid name: ${issue.issues[0]?.message ?? issue.message}` };
    case 'invalid_type': {
      const got = valueAt(data, path);
      if (got === undefined) return { path, message: `${parent} is missing the required field ${String(last)}` };
      if (unquotedTemplate(problems, path)) {
        return { path, message: `${where} reads as a YAML mapping because it starts with "{{": put the template in quotes, like "{{ params.X }}"` };
      }
      return { path, message: `${where} must be ${article(issue.expected)}, not ${kindOf(got)}` };
    }
    case 'too_small':
      if (last === 'steps' || (Array.isArray(valueAt(data, path)) && issue.minimum === 1)) return { path, message: `${where} must have at least one item` };
      break;
    default:
      break;
  }
  return { path, message: `${where}: ${issue.message}` };
}

const TYPE_NAMES: Record<string, string> = { array: 'list', object: 'mapping', record: 'mapping' };

function article(expected: string): string {
  const name = TYPE_NAMES[expected] ?? expected;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Schema problems of a runbook's data, each at the offending node (or key, for unknown fields). */
export function checkSchema(data: unknown, problems: Problems): z.infer<typeof Runbook> | undefined {
  if (record(data) === undefined) {
    problems.atPath([], `a runbook is a mapping with id, title, scenario, engine and steps, not ${data === undefined || data === null ? 'an empty document' : kindOf(data)}`);
    return undefined;
  }
  const result = Runbook.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    for (const { path, key, message } of schemaMessages(issue, data, problems)) {
      if (key !== undefined) problems.atKey(path, key, message);
      else problems.atPath(path, message);
    }
  }
  return undefined;
}
