import { describe, expect, it } from 'vitest';
import { pendingEffects } from '../../src/engine/transition.js';
import type { RunEvent } from '../../src/engine/types.js';
import { at, ev, makeRunbook, run, statusOf } from './make-runbook.js';

/** The operator's answer to a failed step that stopped the run: retry, skip, abort. */
const resolve = (stepId: string, choice: 'retry' | 'skip' | 'abort', sec = 50): RunEvent => ({
  type: 'failure/resolved',
  at: at(sec),
  stepId,
  choice,
  by: 'carol',
});

const failing = { id: 'probe', kind: 'check', argv: ['pg_isready'] };
const write = { id: 'copy-back', kind: 'sql', query: 'INSERT INTO t SELECT 1', read_only: false, destructive: true, gate: { type: 'typed', phrase: 'orquix' } };
const after = { id: 'after', kind: 'check', argv: ['true'] };
const failedAt = (stepId: string): RunEvent[] => [ev.started(stepId), ev.fail(stepId)];

describe('failure choices', () => {
  it('a failed step asks the operator, offering skip where the step may be skipped', () => {
    const { effects } = run(makeRunbook({ steps: [failing, after] }), failedAt('probe'));
    expect(effects).toEqual([{ type: 'ask-failure', stepId: 'probe', error: 'exit code: expected 0, got 1', choices: ['retry', 'skip', 'abort'] }]);
  });

  it('a destructive step that failed is offered retry and abort only', () => {
    const events = [ev.gate('copy-back', true, 'orquix', 1), ev.started('copy-back', 1, 2), ev.fail('copy-back', 1, 'boom', 3)];
    const { effects } = run(makeRunbook({ steps: [write, after] }), events);
    expect(effects).toEqual([{ type: 'ask-failure', stepId: 'copy-back', error: 'boom', choices: ['retry', 'abort'] }]);
  });

  it('the question stays pending in the state: the run/finished the headless runner writes asks it again', () => {
    const finished: RunEvent = { type: 'run/finished', at: at(5), status: 'failed', stepId: 'probe', error: 'exit code: expected 0, got 1' };
    const { state, effects } = run(makeRunbook({ steps: [failing, after] }), [...failedAt('probe'), finished]);
    expect(pendingEffects(state)).toEqual([{ type: 'ask-failure', stepId: 'probe', error: 'exit code: expected 0, got 1', choices: ['retry', 'skip', 'abort'] }]);
    expect(effects).toEqual([]);
  });

  it('retry runs the failed step again with the next attempt number', () => {
    const { state, effects } = run(makeRunbook({ steps: [failing, after] }), [...failedAt('probe'), resolve('probe', 'retry')]);
    expect(state.status).toEqual({ kind: 'running' });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'probe', attempt: 2 }]);
  });

  it('skip marks a non-destructive step skipped, says who, and goes on', () => {
    const { state, effects } = run(makeRunbook({ steps: [failing, after] }), [...failedAt('probe'), resolve('probe', 'skip')]);
    expect(statusOf(state, 'probe')).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('carol') });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'after', attempt: 1 }]);
  });

  it('skip is refused for a destructive step: nothing changes', () => {
    const events = [ev.gate('copy-back', true, 'orquix', 1), ev.started('copy-back', 1, 2), ev.fail('copy-back', 1, 'boom', 3)];
    const before = run(makeRunbook({ steps: [write, after] }), events);
    const { state, effects } = run(makeRunbook({ steps: [write, after] }), [...events, resolve('copy-back', 'skip')]);
    expect(state).toEqual(before.state);
    expect(effects).toEqual([]);
  });

  it('retry of a gated step asks its gate again', () => {
    const events = [ev.gate('copy-back', true, 'orquix', 1), ev.started('copy-back', 1, 2), ev.fail('copy-back', 1, 'boom', 3)];
    const { effects } = run(makeRunbook({ steps: [write, after] }), [...events, resolve('copy-back', 'retry')]);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'copy-back', gate: { type: 'typed', phrase: 'orquix' } }]);
  });

  it('abort ends the run as aborted', () => {
    const { state, effects } = run(makeRunbook({ steps: [failing, after] }), [...failedAt('probe'), resolve('probe', 'abort')]);
    expect(state.status).toMatchObject({ kind: 'aborted', stepId: 'probe' });
    expect(effects).toEqual([{ type: 'run-over', status: 'aborted', stepId: 'probe' }]);
  });

  it('an answer for a step the run is not stopped on changes nothing', () => {
    const before = run(makeRunbook({ steps: [failing, after] }), failedAt('probe'));
    const { state, effects } = run(makeRunbook({ steps: [failing, after] }), [...failedAt('probe'), resolve('after', 'skip')]);
    expect(state).toEqual(before.state);
    expect(effects).toEqual([]);
  });
});
