import { describe, expect, it } from 'vitest';
import { MAX_JUMPS } from '../../src/engine/advance.js';
import { startRun, transition } from '../../src/engine/transition.js';
import type { RunEvent, Transition } from '../../src/engine/types.js';
import { ev, makeRunbook, run, runStarted, statusOf } from './make-runbook.js';

const flaky = (extra: Record<string, unknown> = {}) => ({ id: 'flaky', kind: 'command', argv: ['curl', '-f', 'http://x'], ...extra });
const next = { id: 'next', kind: 'check', argv: ['true'] };

describe('retries', () => {
  const runbook = makeRunbook({ steps: [flaky({ retries: { count: 2, delay: '5s' } }), next] });

  it('a failed attempt is retried after the delay, with the next attempt number', () => {
    const { state, effects } = run(runbook, [ev.started('flaky'), ev.fail('flaky')]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'flaky', attempt: 2, delayMs: 5000 }]);
    expect(state.steps['flaky']).toMatchObject({ attempts: 1, status: { kind: 'pending' } });
    expect(state.status).toEqual({ kind: 'running' });
  });

  it('a success after failures goes on to the next step', () => {
    const { state, effects } = run(runbook, [
      ev.started('flaky'),
      ev.fail('flaky'),
      ev.started('flaky', 2, 8),
      ev.fail('flaky', 2, 'timed out', 9),
      ev.started('flaky', 3, 15),
      ev.ok('flaky', 3, {}, 16),
    ]);
    expect(state.steps['flaky']).toMatchObject({ attempts: 3, status: { kind: 'succeeded', attempt: 3 } });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'next', attempt: 1 }]);
  });

  const exhausted: RunEvent[] = [
    ev.started('flaky'),
    ev.fail('flaky'),
    ev.started('flaky', 2, 8),
    ev.fail('flaky', 2, 'exit code: expected 0, got 7', 9),
    ev.started('flaky', 3, 15),
    ev.fail('flaky', 3, 'exit code: expected 0, got 22', 16),
  ];

  it('exhausted with on_failure stop (the default): the run fails at the step with its last error and asks what to do', () => {
    const { state, effects } = run(runbook, exhausted);
    expect(effects).toEqual([{ type: 'ask-failure', stepId: 'flaky', error: 'exit code: expected 0, got 22', choices: ['retry', 'skip', 'abort'] }]);
    expect(state.status).toEqual({ kind: 'failed', stepId: 'flaky', error: 'exit code: expected 0, got 22' });
    expect(statusOf(state, 'flaky')).toEqual({
      kind: 'failed',
      attempt: 3,
      finishedAt: '2026-03-01T03:00:16.000Z',
      durationMs: 1000,
      error: 'exit code: expected 0, got 22',
    });
    expect(statusOf(state, 'next')).toEqual({ kind: 'pending' });
  });

  it('exhausted with on_failure continue: the next step runs and the run can still finish', () => {
    const rb = makeRunbook({ steps: [flaky({ retries: { count: 2 }, on_failure: 'continue' }), next] });
    const failed = run(rb, exhausted);
    expect(statusOf(failed.state, 'flaky').kind).toBe('failed');
    expect(failed.effects).toMatchObject([{ type: 'execute', stepId: 'next' }]);
    const finished = run(rb, [...exhausted, ev.started('next', 1, 20), ev.ok('next', 1, {}, 21)]);
    expect(finished.effects).toEqual([{ type: 'run-over', status: 'succeeded' }]);
  });

  it('retries without a delay are immediate', () => {
    const rb = makeRunbook({ steps: [flaky({ retries: { count: 1 } })] });
    expect(run(rb, [ev.started('flaky'), ev.fail('flaky')]).effects).toMatchObject([{ attempt: 2, delayMs: 0 }]);
  });
});

describe('on_failure goto', () => {
  const runbook = makeRunbook({
    steps: [
      { id: 'restart', kind: 'command', argv: ['pg_ctl', 'restart'] },
      { id: 'probe', kind: 'check', query: 'SELECT 1 AS ok', retries: { count: 1 }, on_failure: { goto: 'restart' } },
      { id: 'done', kind: 'manual' },
    ],
  });
  const firstRound: RunEvent[] = [
    ev.started('restart'),
    ev.ok('restart', 1, { outputs: { stdout: 'server restarted', exit_code: 0 } }),
    ev.started('probe', 1, 3),
    ev.fail('probe', 1, 'boom', 4),
    ev.started('probe', 2, 5),
    ev.fail('probe', 2, 'boom again', 6),
  ];

  it('jumps back: the target step runs again with a new attempt number, earlier outputs kept until overwritten', () => {
    const { state, effects } = run(runbook, firstRound);
    expect(state.jumps).toBe(1);
    expect(state.cursor).toBe(0);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'restart', attempt: 2 }]);
    expect(state.steps['restart']).toMatchObject({ status: { kind: 'pending' }, outputs: { stdout: 'server restarted' } });
    expect(statusOf(state, 'probe')).toMatchObject({ kind: 'failed', error: 'boom again' });
  });

  it('on the next visit the step gets its retries again', () => {
    const { state, effects } = run(runbook, [
      ...firstRound,
      ev.started('restart', 2, 7),
      ev.ok('restart', 2, {}, 8),
      ev.started('probe', 3, 9),
      ev.fail('probe', 3, 'still down', 10),
    ]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'probe', attempt: 4 }]);
    expect(state.steps['probe']).toMatchObject({ attempts: 3, attemptsBefore: 2 });
  });

  it(`a goto loop is stopped after ${MAX_JUMPS} jumps`, () => {
    const loop = makeRunbook({ steps: [flaky({ on_failure: { goto: 'flaky' } }), next] });
    let t: Transition = startRun(loop, runStarted());
    for (let attempt = 1; attempt <= MAX_JUMPS; attempt += 1) {
      t = transition(transition(t.state, ev.started('flaky', attempt)).state, ev.fail('flaky', attempt));
      expect(t.effects).toMatchObject([{ type: 'execute', stepId: 'flaky', attempt: attempt + 1 }]);
    }
    t = transition(transition(t.state, ev.started('flaky', MAX_JUMPS + 1)).state, ev.fail('flaky', MAX_JUMPS + 1, 'no route'));
    expect(t.state.jumps).toBe(MAX_JUMPS);
    expect(t.state.status).toMatchObject({ kind: 'failed', stepId: 'flaky', error: expect.stringMatching(/^goto loop.*no route/) });
    expect(t.effects).toMatchObject([{ type: 'ask-failure', stepId: 'flaky' }]);
  });
});

describe('steps that cannot be built', () => {
  it('a reference to an output that does not exist fails the step before anything runs', () => {
    const runbook = makeRunbook({
      steps: [
        { id: 'a', kind: 'check', argv: ['true'] },
        { id: 'b', kind: 'command', argv: ['echo', '{{ steps.a.outputs.missing }}'], on_failure: 'continue' },
        { id: 'c', kind: 'check', argv: ['true'] },
      ],
    });
    const { state, effects } = run(runbook, [ev.started('a'), ev.ok('a')]);
    expect(statusOf(state, 'b')).toMatchObject({ kind: 'failed', attempt: 0, durationMs: 0, error: expect.stringContaining('missing') });
    expect(state.steps['b']!.attempts).toBe(0);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'c' }]);
  });

  it('a step/finished that does not match the running attempt changes nothing', () => {
    const runbook = makeRunbook({ steps: [flaky()] });
    const running = run(runbook, [ev.started('flaky')]);
    for (const stray of [ev.ok('flaky', 2), ev.ok('other'), ev.fail('flaky', 7)]) {
      const after = transition(running.state, stray);
      expect(after.state).toBe(running.state);
      expect(after.effects).toEqual([]);
    }
  });
});
