import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/errors.js';
import { pendingEffects, replay, startRun, transition } from '../../src/engine/transition.js';
import type { RunEvent, Transition } from '../../src/engine/types.js';
import { deepFreeze, ev, makeRunbook, run, runStarted, statusOf } from './make-runbook.js';

const runbook = makeRunbook({
  steps: [
    { id: 'first', kind: 'check', argv: ['pg_isready'] },
    { id: 'slow-write', kind: 'command', argv: ['pg_dump', '-f', 'out.dump'] },
    { id: 'last', kind: 'check', query: 'SELECT 1 AS one' },
  ],
});
const journal = (...more: RunEvent[]): RunEvent[] => [runStarted(), ...more];

describe('resume after a crash', () => {
  it('between steps: the next step executes and nothing that finished runs again', () => {
    const events = journal(ev.started('first'), ev.ok('first'));
    const { state, effects } = transition(replay(runbook, events).state, ev.resumed());
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'slow-write', attempt: 1, delayMs: 0 }]);
    expect(effects).toHaveLength(1);
    expect(statusOf(state, 'first').kind).toBe('succeeded');
  });

  it('before the first step started: the first step executes', () => {
    const { effects } = transition(replay(runbook, journal()).state, ev.resumed());
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'first', attempt: 1 }]);
  });

  it('an interrupted repeatable step (a check) executes again as the next attempt', () => {
    const { state, effects } = transition(replay(runbook, journal(ev.started('first'))).state, ev.resumed());
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'first', attempt: 2 }]);
    expect(state.status).toEqual({ kind: 'running' });
  });

  describe('an interrupted step that is not repeatable (a command)', () => {
    const crashed = journal(ev.started('first'), ev.ok('first'), ev.started('slow-write', 1, 3));

    it('asks the operator: mark done, rerun behind a typed gate, or abort', () => {
      const { state, effects } = transition(replay(runbook, crashed).state, ev.resumed());
      expect(effects).toEqual([{ type: 'ask-interrupted', stepId: 'slow-write', repeatable: false, rerunPhrase: 'rerun slow-write' }]);
      expect(statusOf(state, 'slow-write')).toEqual({ kind: 'awaiting-interrupted' });
      expect(state.status).toEqual({ kind: 'awaiting', stepId: 'slow-write' });
    });

    it('mark-done: the step succeeds with a note saying who, and the run goes on', () => {
      const { state, effects } = run(runbook, [...crashed.slice(1), ev.resumed(), ev.resolved('slow-write', 'mark-done')]);
      expect(statusOf(state, 'slow-write')).toMatchObject({ kind: 'succeeded', note: 'marked done by bob after an interruption' });
      expect(effects).toMatchObject([{ type: 'execute', stepId: 'last' }]);
    });

    it('rerun: a typed gate "rerun <id>" first; only the exact phrase runs it again', () => {
      const asked = run(runbook, [...crashed.slice(1), ev.resumed(), ev.resolved('slow-write', 'rerun')]);
      expect(asked.effects).toEqual([
        {
          type: 'ask-gate',
          stepId: 'slow-write',
          gate: { type: 'typed', phrase: 'rerun slow-write' },
          reason: 'interrupted',
          preview: { summary: 'command', lines: ['pg_dump -f out.dump'], touches: { target: 'orquix', writes: true } },
        },
      ]);
      const wrong = transition(asked.state, ev.gate('slow-write', true, 'slow-write', 102));
      expect(wrong.effects).toMatchObject([{ type: 'ask-gate', reason: 'interrupted', rejected: 'the phrase does not match' }]);
      const right = transition(wrong.state, ev.gate('slow-write', true, 'rerun slow-write', 103));
      expect(right.effects).toMatchObject([{ type: 'execute', stepId: 'slow-write', attempt: 2 }]);
    });

    it('abort: the run is over', () => {
      const { state, effects } = run(runbook, [...crashed.slice(1), ev.resumed(), ev.resolved('slow-write', 'abort')]);
      expect(effects).toEqual([{ type: 'run-over', status: 'aborted', stepId: 'slow-write' }]);
      expect(state.status).toEqual({ kind: 'aborted', at: '2026-03-01T03:01:41.000Z', stepId: 'slow-write' });
    });
  });

  it.each([
    ['a destructive step, even marked repeatable', false, { id: 's', kind: 'command', argv: ['x'], destructive: true, repeatable: true }],
    ['a command marked repeatable', true, { id: 's', kind: 'command', argv: ['x'], repeatable: true }],
    ['a writing query', false, { id: 's', kind: 'sql', query: 'UPDATE t SET a = 1', read_only: false }],
    ['a read-only query', true, { id: 's', kind: 'sql', query: 'SELECT 1' }],
    ['a wait', true, { id: 's', kind: 'wait', argv: ['pg_isready'] }],
    ['app.migrate (its action is not repeatable)', false, { id: 's', kind: 'action', action: 'app.migrate' }],
    ['app.stop (its action is repeatable)', true, { id: 's', kind: 'action', action: 'app.stop' }],
  ])('%s: repeatable = %s', (_label, repeatable, step) => {
    const rb = makeRunbook({ steps: [step] });
    const gated = 'destructive' in step ? [ev.gate('s', true, 'orquix', 1)] : [];
    const { effects } = run(rb, [...gated, ev.started('s', 1, 2), ev.resumed()]);
    expect(effects[0]?.type).toBe(repeatable ? 'execute' : 'ask-interrupted');
  });

  it('an interrupted manual step is simply asked again', () => {
    const rb = makeRunbook({ steps: [{ id: 'm', kind: 'manual' }] });
    const { effects } = run(rb, [ev.started('m'), ev.resumed()]);
    expect(effects).toEqual([{ type: 'ask-manual', stepId: 'm', title: 'm' }]);
  });

  it('a run stopped at a gate asks the same gate again', () => {
    const rb = makeRunbook({ steps: [{ id: 'g', kind: 'command', argv: ['rm', 'x'], destructive: true }] });
    const { state, effects } = run(rb, [ev.paused('gate', 'g'), ev.resumed()]);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'g', gate: { type: 'typed', phrase: 'orquix' }, reason: 'gate' }]);
    expect(state.status).toEqual({ kind: 'awaiting', stepId: 'g' });
  });

  it('a run paused while a retry waited out its delay retries on resume without waiting again', () => {
    const rb = makeRunbook({ steps: [{ id: 'f', kind: 'check', argv: ['x'], retries: { count: 3, delay: '1m' } }] });
    const { effects } = run(rb, [ev.started('f'), ev.fail('f'), ev.paused('sigint', undefined, 10), ev.resumed()]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'f', attempt: 2, delayMs: 0 }]);
  });

  it('a failed run tries its failed step again', () => {
    const rb = makeRunbook({ steps: [{ id: 'f', kind: 'command', argv: ['x'] }, { id: 'g', kind: 'check', argv: ['y'] }] });
    const failed = [ev.started('f'), ev.fail('f'), { type: 'run/finished', at: '2026-03-01T03:00:03.000Z', status: 'failed', stepId: 'f', error: 'boom' } as RunEvent];
    const { state, effects } = run(rb, [...failed, ev.resumed()]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'f', attempt: 2 }]);
    expect(state.status).toEqual({ kind: 'running' });
  });

  it('a run that finished before run/finished was written only reports its end', () => {
    const rb = makeRunbook({ steps: [{ id: 'a', kind: 'check', argv: ['true'] }] });
    const { effects } = run(rb, [ev.started('a'), ev.ok('a'), ev.resumed()]);
    expect(effects).toEqual([{ type: 'run-over', status: 'succeeded' }]);
  });
});

describe('replay', () => {
  const rb = makeRunbook({
    params: { table: { type: 'identifier', default: 't' } },
    steps: [
      { id: 'ask', kind: 'input', params: { since: { type: 'string', required: true } } },
      { id: 'go', kind: 'confirm' },
      { id: 'count', kind: 'sql', query: 'SELECT count(*) AS n FROM {{ ident params.table }}', retries: { count: 1 } },
      { id: 'use', kind: 'command', argv: ['echo', '{{ steps.count.outputs.n }}', '{{ params.since }}'] },
    ],
  });
  const events: RunEvent[] = [
    runStarted({ table: 'tickets' }),
    ev.input('ask', { since: 'yesterday' }),
    ev.gate('go', true),
    ev.started('count', 1, 4),
    ev.fail('count', 1, 'connection refused', 5),
    ev.started('count', 2, 6),
    { type: 'step/output', at: '2026-03-01T03:00:07.000Z', stepId: 'count', attempt: 2, file: 'count.2.log', lines: 1, bytes: 3 },
    ev.ok('count', 2, { outputs: { n: '12' } }, 7),
  ];

  it('equals the step-by-step fold, and its effects are what is pending', () => {
    let folded: Transition = startRun(rb, events[0] as never);
    for (const event of events.slice(1)) folded = transition(folded.state, event);
    const replayed = replay(deepFreeze(rb), deepFreeze(structuredClone(events)));
    expect(replayed).toEqual(folded);
    expect(replayed.state).toEqual(JSON.parse(JSON.stringify(replayed.state)));
    expect(pendingEffects(replayed.state)).toEqual(replayed.effects);
    expect(replayed.effects).toMatchObject([{ type: 'execute', stepId: 'use', request: { argv: ['echo', '12', 'yesterday'] } }]);
  });

  it('never mutates its inputs', () => {
    const copy = structuredClone(events);
    const rbCopy = structuredClone(rb);
    replay(rb, events);
    expect(events).toEqual(copy);
    expect(rb).toEqual(rbCopy);
  });

  it('refuses a journal that does not start with run/started', () => {
    expect(() => replay(rb, [ev.resumed()])).toThrow(UsageError);
    expect(() => replay(rb, [])).toThrow(UsageError);
  });

  it('run/finished is recorded once; later step events and pauses do not fit and change nothing', () => {
    const one = makeRunbook({ steps: [{ id: 'a', kind: 'check', argv: ['true'] }] });
    const over = run(one, [ev.started('a'), ev.ok('a'), { type: 'run/finished', at: '2026-03-01T03:00:09.000Z', status: 'succeeded' }]);
    expect(over.state.status).toEqual({ kind: 'finished', at: '2026-03-01T03:00:02.000Z' });
    expect(transition(over.state, { type: 'run/finished', at: 'x', status: 'succeeded' }).misfit).toBeUndefined();
    for (const late of [ev.started('a', 2), ev.paused('operator'), { type: 'run/finished', at: 'x', status: 'aborted' } as RunEvent]) {
      const next = transition(over.state, late);
      expect(next.state).toBe(over.state);
      expect(next.misfit).toMatch(/over|finished/);
    }
  });
});

describe('strict replay: an event that does not fit is an error naming its line', () => {
  const rb = makeRunbook({
    steps: [
      { id: 'a', kind: 'command', argv: ['x'] },
      { id: 'go', kind: 'confirm' },
      { id: 'b', kind: 'input', params: { n: { type: 'int' } } },
    ],
  });
  const upToGate = [ev.started('a'), ev.ok('a')];

  it.each<[string, RunEvent[], RegExp]>([
    ['an unknown step', [ev.started('nope')], /no step nope/],
    ['step/finished for a step that is not running', [...upToGate, ev.ok('a')], /step\/finished for a.*run is at step go/],
    ['step/finished for another attempt', [ev.started('a'), ev.ok('a', 2)], /attempt 2.*running \(attempt 1\)/],
    ['a finished step started again', [...upToGate, ev.started('a', 2)], /run is at step go/],
    ['a step started twice', [ev.started('a'), ev.started('a')], /running/],
    ['a gate answered for a step not at a gate', [ev.gate('a', true)], /not at a gate/],
    ['an input nobody asked for', [...upToGate, ev.input('b', { n: '1' })], /run is at step go/],
    ['an interruption settled that did not happen', [ev.resolved('a', 'mark-done')], /not waiting on that question/],
    ['a failure resolved while nothing failed', [{ type: 'failure/resolved', at: 'x', stepId: 'a', choice: 'retry', by: 'bob' }], /not stopped on/],
    ['a run that finished while a gate waits', [...upToGate, { type: 'run/finished', at: 'x', status: 'succeeded' }], /awaiting at step go/],
    ['a second run/started', [runStarted()], /second run\/started/],
    ['output of a step that is not running', [...upToGate, { type: 'step/output', at: 'x', stepId: 'a', attempt: 1, file: 'f', lines: 1, bytes: 1 }], /step\/output/],
  ])('%s', (_label, events, why) => {
    const journalEvents = [runStarted(), ...events];
    expect(() => replay(rb, journalEvents)).toThrow(ConfigError);
    let thrown: ConfigError | undefined;
    try {
      replay(rb, journalEvents, { locate: (i) => ({ file: 'journal.jsonl', line: i * 2 + 1 }) });
    } catch (error) {
      thrown = error as ConfigError;
    }
    expect(thrown?.message).toMatch(why);
    expect(thrown?.location).toEqual({ file: 'journal.jsonl', line: (journalEvents.length - 1) * 2 + 1 });
    expect(thrown?.message).toContain(`line ${(journalEvents.length - 1) * 2 + 1}`);
  });
});
