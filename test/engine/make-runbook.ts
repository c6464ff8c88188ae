import { Runbook } from '../../src/runbook/schema.js';
import { startRun, transition } from '../../src/engine/transition.js';
import type { EventOf, ParamValue, RunEvent, RunState, TargetView, Transition } from '../../src/engine/types.js';

/**
 * A valid runbook for engine tests: the given fields over harmless defaults, checked by the
 * real schema (so a test cannot build a runbook that `lint` would refuse for its shape).
 */
export function makeRunbook(partial: Record<string, unknown> = {}): Runbook {
  return Runbook.parse({
    id: 'test-runbook',
    title: 'Test runbook',
    scenario: 'custom',
    engine: 'postgres',
    steps: [{ id: 'only', kind: 'manual', title: 'Do the thing' }],
    ...partial,
  });
}

export const TARGET: TargetView = {
  name: 'orquix',
  engine: 'postgres',
  backups: '/srv/backups/orquix',
  app: { stop: ['systemctl', 'stop', 'orquix-backend'], migrate: ['poetry', 'run', 'alembic', 'upgrade', 'head'] },
};

const T0 = Date.parse('2026-03-01T03:00:00.000Z');

/** An ISO time `sec` seconds into the run. */
export function at(sec: number): string {
  return new Date(T0 + sec * 1000).toISOString();
}

export function runStarted(params: Record<string, ParamValue> = {}, target: TargetView = TARGET): EventOf<'run/started'> {
  return {
    type: 'run/started',
    at: at(0),
    runId: 'run-1',
    runbookId: 'test-runbook',
    runbookHash: 'hash-1',
    target,
    params,
    by: 'alice',
  };
}

/** Journal lines, as the runner writes them. */
export const ev = {
  started: (stepId: string, attempt = 1, sec = 1): RunEvent => ({ type: 'step/started', at: at(sec), stepId, attempt }),
  ok: (stepId: string, attempt = 1, extra: Partial<EventOf<'step/finished'>> = {}, sec = 2): RunEvent => ({
    type: 'step/finished',
    at: at(sec),
    stepId,
    attempt,
    status: 'succeeded',
    durationMs: 1000,
    outputs: {},
    evidence: [],
    ...extra,
  }),
  fail: (stepId: string, attempt = 1, error = 'exit code: expected 0, got 1', sec = 2): RunEvent => ({
    type: 'step/finished',
    at: at(sec),
    stepId,
    attempt,
    status: 'failed',
    durationMs: 1000,
    outputs: {},
    evidence: [],
    error,
  }),
  gate: (stepId: string, approved: boolean, answer?: string, sec = 3): RunEvent => ({
    type: 'gate/answered',
    at: at(sec),
    stepId,
    approved,
    by: 'alice',
    via: 'tui',
    ...(answer === undefined ? {} : { answer }),
  }),
  input: (stepId: string, values: Record<string, string>, sec = 3): RunEvent => ({ type: 'input/given', at: at(sec), stepId, values, by: 'alice' }),
  paused: (reason: EventOf<'run/paused'>['reason'], stepId?: string, sec = 4): RunEvent => ({
    type: 'run/paused',
    at: at(sec),
    reason,
    ...(stepId ? { stepId } : {}),
  }),
  resumed: (sec = 100): RunEvent => ({ type: 'run/resumed', at: at(sec), by: 'bob' }),
  resolved: (stepId: string, choice: 'mark-done' | 'rerun' | 'abort', sec = 101): RunEvent => ({
    type: 'interrupted/resolved',
    at: at(sec),
    stepId,
    choice,
    by: 'bob',
  }),
};

/** Freezes a value and everything in it, so that a mutation anywhere throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Runs events through the engine the way the runner does, freezing the runbook, every event
 * and every state first: any mutation of an input throws. Returns the last transition.
 */
export function run(runbook: Runbook, events: RunEvent[] = [], params: Record<string, ParamValue> = {}): Transition {
  let current = startRun(deepFreeze(runbook), deepFreeze(runStarted(params)));
  for (const event of events) current = transition(deepFreeze(current.state), deepFreeze(event));
  return current;
}

export function statusOf(state: RunState, stepId: string) {
  return state.steps[stepId]!.status;
}
