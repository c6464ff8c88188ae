import { PAUSE_REASONS, type RunEventType } from '../engine/types.js';

/** What a field must hold: a JSON type, a list of strings, or one of a few words. */
type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'strings' | readonly string[];

const stepEvent = { stepId: 'string', attempt: 'number' } as const;

// A Record, so that a new event type that is not listed here fails to compile.
const REQUIRED: Record<RunEventType, Record<string, FieldKind>> = {
  'run/started': { runId: 'string', runbookId: 'string', runbookHash: 'string', target: 'object', params: 'object', by: 'string' },
  'run/resumed': { by: 'string' },
  'run/runbook-changed': {
    runbookHash: 'string',
    file: 'string',
    added: 'strings',
    removed: 'strings',
    changed: 'strings',
    renamed: 'object',
    skipped: 'strings',
    by: 'string',
  },
  'run/paused': { reason: PAUSE_REASONS },
  'run/finished': { status: ['succeeded', 'failed', 'aborted'] },
  'notify/failed': { event: 'string', hook: 'string', error: 'string' },
  'step/started': stepEvent,
  'step/output': { ...stepEvent, file: 'string', lines: 'number', bytes: 'number' },
  'step/checkpoint': { ...stepEvent, name: 'string' },
  'step/precondition-failed': { stepId: 'string', reason: 'string' },
  'step/finished': { ...stepEvent, status: ['succeeded', 'failed'], durationMs: 'number' },
  'gate/answered': { stepId: 'string', approved: 'boolean', by: 'string', via: ['flag', 'tui'] },
  'input/given': { stepId: 'string', values: 'object', by: 'string' },
  'failure/resolved': { stepId: 'string', choice: ['retry', 'skip', 'abort'], by: 'string' },
  'interrupted/resolved': { stepId: 'string', choice: ['mark-done', 'rerun', 'abort'], by: 'string' },
};

/** Fields inside an object field that replay and the report rely on. */
const NESTED: Partial<Record<RunEventType, Record<string, Record<string, FieldKind>>>> = {
  'run/started': { target: { name: 'string', engine: ['postgres', 'libsql'] } },
};

/** Whether `type` names an event pitstop writes. */
export function isEventType(type: unknown): type is RunEventType {
  return typeof type === 'string' && Object.hasOwn(REQUIRED, type);
}

/**
 * The first required field of an event of `type` that is missing or of the wrong kind, in
 * words ("stepId (a string) is missing"), or null when every one is there. Cheap: a few
 * `typeof` per line, no schema library.
 */
export function shapeProblem(type: RunEventType, event: Record<string, unknown>): string | null {
  const top = fieldsProblem(type, event, REQUIRED[type], '');
  if (top) return top;
  for (const [field, inner] of Object.entries(NESTED[type] ?? {})) {
    const problem = fieldsProblem(type, event[field] as Record<string, unknown>, inner, `${field}.`);
    if (problem) return problem;
  }
  return null;
}

function fieldsProblem(type: string, value: Record<string, unknown>, fields: Record<string, FieldKind>, prefix: string): string | null {
  for (const [name, kind] of Object.entries(fields)) {
    const field = value[name];
    if (!fits(field, kind)) {
      const what = `${prefix}${name} (${describe(kind)})`;
      return `${type} ${field === undefined ? `without ${what}` : `with a bad ${what}: ${JSON.stringify(field)?.slice(0, 40)}`}`;
    }
  }
  return null;
}

function fits(value: unknown, kind: FieldKind): boolean {
  if (typeof kind !== 'string') return typeof value === 'string' && kind.includes(value);
  switch (kind) {
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === kind;
  }
}

function describe(kind: FieldKind): string {
  if (typeof kind !== 'string') return `one of ${kind.join(', ')}`;
  return kind === 'strings' ? 'a list of strings' : kind === 'object' ? 'an object' : `a ${kind}`;
}
