import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BugError } from '../../src/errors.js';
import { drive, fitting } from '../../src/runner/loop.js';
import { createFlagOperator } from '../../src/runner/operator.js';
import { createTuiOperator, type AskEffect } from '../../src/runner/tui-operator.js';
import { ev, makeRunbook, run } from '../engine/make-runbook.js';
import { until } from '../ui/world.js';
import { makeLoopWorld, nodeArgv, tick } from './loop-world.js';

describe('the runner journals only events that fit the run', () => {
  const rb = makeRunbook({ steps: [{ id: 'a', kind: 'command', argv: ['x'] }, { id: 'go', kind: 'confirm' }] });

  it('an event that fits comes back as its transition', () => {
    const { state } = run(rb);
    expect(fitting(state, ev.started('a')).state.steps['a']!.status.kind).toBe('running');
  });

  it('one that does not (a finished step started again) is refused before it is written', () => {
    const { state } = run(rb, [ev.started('a'), ev.ok('a')]);
    expect(() => fitting(state, ev.started('a', 2))).toThrow(BugError);
    expect(() => fitting(state, ev.started('a', 2))).toThrow(/does not fit the run: step\/started for a/);
  });
});

describe('the loop drives a run through real edges', () => {
  // Fails while its marker file is missing, creating it: the second attempt passes.
  const flaky = (dir: string) => ({
    id: 'flaky',
    kind: 'command',
    argv: nodeArgv("const fs = require('fs'); if (fs.existsSync(process.argv[1])) process.exit(0); fs.writeFileSync(process.argv[1], ''); console.error('first try fails'); process.exit(3)", join(dir, 'marker')),
  });
  const count = { id: 'count', kind: 'sql', query: 'SELECT count(*) AS n FROM tickets', expect: { n: 2 } };

  it('headless, a failed step is not decided by the flags: the run ends failed there (resumable)', async () => {
    const world = await makeLoopWorld([{ id: 'boom', kind: 'command', argv: nodeArgv('process.exit(5)') }, count]);
    const outcome = await drive(world.start, world.deps(createFlagOperator({ yes: true, confirm: [], set: {} }, 'tester')));
    await world.close();
    expect(outcome.ending).toMatchObject({ kind: 'failed', exitCode: 1, status: 'failed', stepId: 'boom', command: 'pitstop resume run-1' });
    expect(world.journal().map((e) => e.type)).toEqual(['run/started', 'step/started', 'step/finished', 'run/finished']);
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/finished', status: 'failed', stepId: 'boom', error: expect.stringMatching(/5/) });
    expect(world.journal().some((e) => e.type === 'failure/resolved')).toBe(false);
  });

  it('the TUI answering retry is journaled by the loop, at the loop clock time, and the run goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-flaky-'));
    const world = await makeLoopWorld([flaky(dir), count]);
    const asked: AskEffect[] = [];
    const tui = createTuiOperator('carol', (ask) => ask && asked.push(ask));
    const running = drive(world.start, world.deps(tui.operator));
    await until(() => tui.pending()?.type === 'ask-failure', 'the failure question');
    expect(tui.pending()).toMatchObject({ type: 'ask-failure', stepId: 'flaky', choices: ['retry', 'skip', 'abort'] });
    expect(tui.failure('retry')).toBe(true);
    const outcome = await running;
    await world.close();
    expect(outcome.ending).toMatchObject({ kind: 'finished', exitCode: 0, status: 'finished' });
    const journal = world.journal();
    const resolved = journal.find((e) => e.type === 'failure/resolved')!;
    expect(resolved).toMatchObject({ stepId: 'flaky', choice: 'retry', by: 'carol' });
    // The loop stamps every event from its own clock, one reading each: the answer is one of them.
    expect(journal.map((e) => e.at)).toEqual(journal.map((_, i) => tick(i)));
    expect(journal.filter((e) => e.type === 'step/finished').map((e) => [e.stepId, e.status])).toEqual([
      ['flaky', 'failed'],
      ['flaky', 'succeeded'],
      ['count', 'succeeded'],
    ]);
    expect(asked.map((a) => a.type)).toEqual(['ask-failure']);
  });

  it('the TUI cannot skip a destructive step that failed; abort ends the run aborted', async () => {
    const world = await makeLoopWorld([
      { id: 'wipe', kind: 'command', destructive: true, argv: nodeArgv('process.exit(4)') },
      count,
    ]);
    const tui = createTuiOperator('carol', () => undefined);
    const running = drive(world.start, world.deps(tui.operator));
    await until(() => tui.pending()?.type === 'ask-gate', 'the typed gate');
    tui.gate(true, 'tickets');
    await until(() => tui.pending()?.type === 'ask-failure', 'the failure question');
    expect(tui.pending()).toMatchObject({ choices: ['retry', 'abort'] });
    expect(tui.failure('skip')).toBe(false);
    expect(tui.failure('abort')).toBe(true);
    const outcome = await running;
    await world.close();
    expect(outcome.ending).toMatchObject({ kind: 'aborted', exitCode: 3, status: 'aborted' });
    expect(world.journal().slice(-2)).toMatchObject([
      { type: 'failure/resolved', stepId: 'wipe', choice: 'abort' },
      { type: 'run/finished', status: 'aborted', stepId: 'wipe' },
    ]);
  });
});

describe('the loop with nothing left to do', () => {
  const steps = [{ id: 'copy', kind: 'command', argv: nodeArgv('0') }];

  it('never calls a run the engine has not finished a success: it is a bug, exit 1', async () => {
    const world = await makeLoopWorld(steps);
    const outcome = await drive({ state: world.start.state, effects: [] }, world.deps(createFlagOperator({ yes: true, confirm: [], set: {} }, 'tester')));
    await world.close();
    expect(outcome.ending).toMatchObject({ kind: 'unfinished', exitCode: 1, status: 'paused', stepId: 'copy' });
    expect(world.journal().map((e) => e.type)).toEqual(['run/started']);
  });

  it('under a signal, journals the pause by that signal and ends with its exit code', async () => {
    const world = await makeLoopWorld(steps);
    const stop = new AbortController();
    stop.abort('SIGTERM');
    const outcome = await drive({ state: world.start.state, effects: [] }, world.deps(createFlagOperator({ yes: true, confirm: [], set: {} }, 'tester'), stop.signal));
    await world.close();
    expect(outcome.ending).toMatchObject({ kind: 'paused', exitCode: 143, status: 'paused' });
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/paused', reason: 'sigterm', signal: 'SIGTERM', at: tick(1) });
  });

  it('a run the engine finished ends finished, from its state', async () => {
    const world = await makeLoopWorld(steps);
    const outcome = await drive(world.start, world.deps(createFlagOperator({ yes: false, confirm: [], set: {} }, 'tester')));
    await world.close();
    expect(outcome.ending).toMatchObject({ kind: 'finished', exitCode: 0, command: 'pitstop report run-1' });
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });
});
