import { describe, expect, it } from 'vitest';
import { at, ev, makeRunbook, run, statusOf } from './make-runbook.js';
import type { RunEvent } from '../../src/engine/types.js';

const runbook = makeRunbook({
  steps: [
    { id: 'restore', kind: 'command', argv: ['restore-it'], gate: { type: 'typed', phrase: '{{ target.name }}' }, destructive: true },
    { id: 'after', kind: 'check', argv: ['true'] },
  ],
});
const failed: RunEvent = { type: 'step/precondition-failed', at: at(1), stepId: 'restore', reason: 'no verified snapshot of orquix', hint: 'run the backup runbook first' };

describe('step/precondition-failed: what a step needs is checked before its gate', () => {
  it('at the gate, the step fails without an attempt and the run asks retry or abort (a destructive step cannot be skipped)', () => {
    const { state, effects } = run(runbook, [failed]);
    expect(statusOf(state, 'restore')).toEqual({ kind: 'failed', attempt: 0, finishedAt: at(1), durationMs: 0, error: 'no verified snapshot of orquix', hint: 'run the backup runbook first', precondition: true });
    expect(state.status).toMatchObject({ kind: 'failed', stepId: 'restore' });
    expect(effects).toEqual([{ type: 'ask-failure', stepId: 'restore', error: 'no verified snapshot of orquix', hint: 'run the backup runbook first', choices: ['retry', 'abort'] }]);
  });

  it('retry asks the gate again (the runner checks again first); nothing was approved', () => {
    const retry: RunEvent = { type: 'failure/resolved', at: at(2), stepId: 'restore', choice: 'retry', by: 'alice' };
    const { state, effects } = run(runbook, [failed, retry]);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'restore' }]);
    expect(state.steps['restore']!.attempts).toBe(0);
  });

  it('a step without a gate is checked before it executes: skip goes on with the next step', () => {
    const plain = makeRunbook({ steps: [{ id: 'open', kind: 'check', argv: ['true'] }, { id: 'after', kind: 'check', argv: ['true'] }] });
    const skip: RunEvent = { type: 'failure/resolved', at: at(2), stepId: 'open', choice: 'skip', by: 'alice' };
    const { state, effects } = run(plain, [{ ...failed, stepId: 'open' }, skip]);
    expect(statusOf(state, 'open')).toMatchObject({ kind: 'skipped' });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'after' }]);
  });

  it('does not fit a step that already started, or another step', () => {
    expect(run(runbook, [ev.gate('restore', true, 'orquix'), ev.started('restore'), { ...failed, at: at(4) }]).misfit).toMatch(/running \(attempt 1\), not about to run/);
    expect(run(runbook, [{ ...failed, stepId: 'after' }]).misfit).toMatch(/the run is at step restore/);
  });
});
