import { describe, expect, it } from 'vitest';
import { endingOf } from '../../src/engine/ending.js';
import { replay, transition } from '../../src/engine/transition.js';
import type { RunEvent } from '../../src/engine/types.js';
import { ConfigError } from '../../src/errors.js';
import { at, ev, makeRunbook, run, runStarted, statusOf } from './make-runbook.js';

const runbook = makeRunbook({
  steps: [
    { id: 'first', kind: 'check', argv: ['pg_isready'] },
    { id: 'long', kind: 'command', argv: ['restore-everything'], retries: { count: 1 } },
    { id: 'again', kind: 'check', argv: ['pg_isready'] },
  ],
});

const checkpoint = (stepId: string, name: string, attempt = 1, outputs: Record<string, unknown> = {}, sec = 5): RunEvent => ({
  type: 'step/checkpoint',
  at: at(sec),
  stepId,
  attempt,
  name,
  outputs,
});
const toLong = [ev.started('first'), ev.ok('first'), ev.started('long', 1, 3)];

describe('step/checkpoint: stages of a running step', () => {
  it('keeps each stage with its outputs, attempt and time, in order', () => {
    const { state, effects } = run(runbook, [...toLong, checkpoint('long', 'copied', 1, { dir: '/x' }, 5), checkpoint('long', 'started', 1, {}, 6)]);
    expect(effects).toEqual([]);
    expect(state.steps['long']!.checkpoints).toEqual([
      { name: 'copied', attempt: 1, at: at(5), outputs: { dir: '/x' } },
      { name: 'started', attempt: 1, at: at(6), outputs: {} },
    ]);
  });

  it.each([
    ['a step that is not running', [ev.started('first'), checkpoint('first', 'x'), ev.ok('first'), checkpoint('first', 'y')], 'first: the run is at step long'],
    ['another attempt than the running one', [...toLong, checkpoint('long', 'copied', 2)], 'attempt 2: the step is running (attempt 1)'],
    ['a stage already reached', [...toLong, checkpoint('long', 'copied'), checkpoint('long', 'copied')], 'that stage was already reached'],
    ['a step the runbook does not have', [...toLong, checkpoint('ghost', 'copied')], 'the runbook has no step ghost'],
  ])('strict replay refuses a checkpoint for %s, naming the journal line', (_what, events, why) => {
    const journal = [runStarted(), ...events];
    expect(() => replay(runbook, journal)).toThrow(ConfigError);
    expect(() => replay(runbook, journal)).toThrow(why);
  });

  it('a finished attempt clears its stages: a retry after a failure starts afresh', () => {
    const { state, effects } = run(runbook, [...toLong, checkpoint('long', 'copied'), ev.fail('long', 1)]);
    expect(state.steps['long']!.checkpoints).toEqual([]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'long', attempt: 2 }]);
    expect(effects[0]).not.toHaveProperty('stagesDone');
  });
});

describe('resume of a step interrupted after a checkpoint', () => {
  const crashed = [...toLong, checkpoint('long', 'copied', 1, { dir: '/x' }, 5), checkpoint('long', 'started', 1, {}, 6)];

  it('a step that is not repeatable: the question names the stage reached', () => {
    const { state, effects } = run(runbook, [...crashed, ev.resumed()]);
    expect(effects).toEqual([{ type: 'ask-interrupted', stepId: 'long', repeatable: false, rerunPhrase: 'rerun long', reached: 'started' }]);
    expect(state.steps['long']!.checkpoints?.map((c) => c.name)).toEqual(['copied', 'started']);
  });

  it('"rerun" behind its typed gate continues from the stages done (next attempt, stages given)', () => {
    const { effects } = run(runbook, [...crashed, ev.resumed(), ev.resolved('long', 'rerun'), ev.gate('long', true, 'rerun long', 102)]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'long', attempt: 2 }]);
    expect(effects[0]).toMatchObject({ stagesDone: [{ name: 'copied', outputs: { dir: '/x' } }, { name: 'started' }] });
  });

  it('the continuing attempt records further stages after the earlier ones, and its finish clears them', () => {
    const go = [...crashed, ev.resumed(), ev.resolved('long', 'rerun'), ev.gate('long', true, 'rerun long', 102), ev.started('long', 2, 103)];
    const more = run(runbook, [...go, checkpoint('long', 'healthy', 2, {}, 104)]);
    expect(more.state.steps['long']!.checkpoints?.map((c) => `${c.name}@${c.attempt}`)).toEqual(['copied@1', 'started@1', 'healthy@2']);
    expect(() => run(runbook, [...go, checkpoint('long', 'copied', 2, {}, 104)])).not.toThrow();
    expect(run(runbook, [...go, checkpoint('long', 'copied', 2, {}, 104)]).misfit).toContain('already reached');
    const done = run(runbook, [...go, checkpoint('long', 'healthy', 2, {}, 104), ev.ok('long', 2, {}, 105)]);
    expect(statusOf(done.state, 'long').kind).toBe('succeeded');
    expect(done.state.steps['long']!.checkpoints).toEqual([]);
  });

  it('headless advice: continue from the stage with the rerun phrase, or mark done', () => {
    const paused = run(runbook, [...crashed, ev.resumed(), ev.paused('interrupted', 'long', 101)]);
    const ending = endingOf(paused.state);
    expect(ending.command).toBe('pitstop resume run-1 --confirm "rerun long"');
    expect(ending.advice).toContain('interrupted after its stage started');
    expect(ending.advice).toContain('--mark-done long');
  });

  it('a repeatable step runs again at once, continuing after its stages', () => {
    const repeatable = makeRunbook({ steps: [{ id: 'long', kind: 'command', argv: ['restore'], repeatable: true }] });
    const journal = [runStarted(), ev.started('long', 1, 1), checkpoint('long', 'copied')];
    const { effects } = transition(replay(repeatable, journal).state, ev.resumed());
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'long', attempt: 2, stagesDone: [{ name: 'copied' }] }]);
  });

  it('a goto revisit enters the step afresh: no stages carried', () => {
    const looping = makeRunbook({
      steps: [
        { id: 'long', kind: 'command', argv: ['restore'], repeatable: true },
        { id: 'verify', kind: 'check', argv: ['false'], on_failure: { goto: 'long' } },
      ],
    });
    const journal = [ev.started('long', 1, 1), checkpoint('long', 'copied'), ev.ok('long', 1, {}, 6), ev.started('verify', 1, 7), ev.fail('verify', 1, 'no', 8)];
    const { state, effects } = run(looping, journal);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'long', attempt: 2 }]);
    expect(effects[0]).not.toHaveProperty('stagesDone');
    expect(state.steps['long']!.checkpoints ?? []).toEqual([]);
  });
});
