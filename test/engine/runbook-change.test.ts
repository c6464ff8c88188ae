import { describe, expect, it } from 'vitest';
import { ADDED_BEHIND, changeRunbook, diffRunbooks, planRunbookChange } from '../../src/engine/runbook-change.js';
import { replay, transition } from '../../src/engine/transition.js';
import type { EventOf, RunEvent, RunState } from '../../src/engine/types.js';
import { at, deepFreeze, ev, makeRunbook, run, runStarted, statusOf } from './make-runbook.js';

/** Going on with an edited runbook: mapped by step id, never running a finished step again. */

const cmd = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'command', argv: ['touch', id], ...extra });
const before = makeRunbook({ steps: [cmd('mark'), { id: 'go', kind: 'confirm' }, cmd('last')] });
const stopped = (): RunState => run(before, [ev.started('mark'), ev.ok('mark'), ev.paused('gate', 'go')]).state;

/** The acceptance as journaled; `skipped` is the operator's decision (the plan's, by default in the runner). */
const changed = (skipped: string[] = []): EventOf<'run/runbook-changed'> => ({
  type: 'run/runbook-changed',
  at: at(50),
  runbookHash: 'hash-2',
  file: 'runbook-hash-2.yaml',
  added: [],
  removed: [],
  changed: [],
  renamed: {},
  skipped,
  by: 'bob',
});

describe('diffRunbooks', () => {
  it('steps added, removed and changed by id; key order does not make a change', () => {
    const after = makeRunbook({ steps: [cmd('new'), { argv: ['touch', 'mark'], kind: 'command', id: 'mark' }, { id: 'go', kind: 'confirm', title: 'Sure?' }] });
    expect(diffRunbooks(before, after)).toEqual({ added: ['new'], removed: ['last'], changed: ['go'], renamed: {} });
  });

  it('the same definition alone under a new id is a rename', () => {
    const after = makeRunbook({ steps: [{ id: 'go', kind: 'confirm' }, cmd('last'), { ...cmd('mark'), id: 'mark-moved' }] });
    expect(diffRunbooks(before, after)).toEqual({ added: [], removed: [], changed: [], renamed: { 'mark-moved': 'mark' } });
  });
});

describe('changeRunbook', () => {
  it('a step added before the point reached is skipped with the reason; the gate is asked again; nothing finished runs', () => {
    const after = makeRunbook({ steps: [cmd('top'), cmd('mark'), { id: 'go', kind: 'confirm' }, cmd('later'), cmd('last')] });
    const state = stopped();
    expect(planRunbookChange(state, after)).toEqual({ added: ['top', 'later'], removed: [], changed: [], renamed: {}, skipped: ['top'], canRunSkipped: true });
    const next = changeRunbook(deepFreeze(state), deepFreeze(after), changed(['top']));
    expect(next.misfit).toBeUndefined();
    expect(statusOf(next.state, 'top')).toEqual({ kind: 'skipped', reason: ADDED_BEHIND });
    expect(statusOf(next.state, 'mark').kind).toBe('succeeded');
    expect(statusOf(next.state, 'later').kind).toBe('pending');
    expect(next.state.runbookHash).toBe('hash-2');
    const resumed = transition(next.state, ev.resumed());
    expect(resumed.effects).toMatchObject([{ type: 'ask-gate', stepId: 'go' }]);
    const approved = transition(resumed.state, ev.gate('go', true, undefined, 101));
    expect(approved.effects).toMatchObject([{ type: 'execute', stepId: 'later' }]);
  });

  it('the operator may have the steps added above run first; refused while a step is in progress', () => {
    const after = makeRunbook({ steps: [cmd('top'), cmd('mark'), { id: 'go', kind: 'confirm' }, cmd('last')] });
    expect(planRunbookChange(stopped(), after)).toMatchObject({ skipped: ['top'], canRunSkipped: true });
    const next = changeRunbook(stopped(), after, changed(['top']));
    expect(statusOf(next.state, 'top').kind).toBe('skipped');
    const runAll = changeRunbook(stopped(), after, changed());
    const resumed = transition(runAll.state, ev.resumed());
    expect(resumed.effects).toMatchObject([{ type: 'execute', stepId: 'top' }]);
    const afterTop = transition(transition(resumed.state, ev.started('top', 1, 101)).state, ev.ok('top', 1, {}, 102));
    expect(afterTop.effects).toMatchObject([{ type: 'ask-gate', stepId: 'go' }]);

    const crashed = run(before, [ev.started('mark'), ev.ok('mark'), ev.gate('go', true), ev.started('last', 1, 5)]).state;
    expect(planRunbookChange(crashed, after).canRunSkipped).toBe(false);
    expect(changeRunbook(crashed, after, changed()).misfit).toMatch(/cannot be run now/);
    expect(changeRunbook(stopped(), after, changed(['mark'])).misfit).toMatch(/only top can be/);
  });

  it('a finished step moved after the cursor stays finished: the walk passes it by', () => {
    const after = makeRunbook({ steps: [{ id: 'go', kind: 'confirm' }, cmd('mark'), cmd('last')] });
    const next = changeRunbook(stopped(), after, changed());
    const approved = transition(transition(next.state, ev.resumed()).state, ev.gate('go', true, undefined, 101));
    expect(approved.effects).toMatchObject([{ type: 'execute', stepId: 'last' }]);
  });

  it('a finished step renamed and moved after the cursor keeps its state: never run again', () => {
    const after = makeRunbook({ steps: [{ id: 'go', kind: 'confirm' }, cmd('last'), { ...cmd('mark'), id: 'mark-moved' }] });
    const next = changeRunbook(stopped(), after, changed());
    expect(statusOf(next.state, 'mark-moved').kind).toBe('succeeded');
    const approved = transition(transition(next.state, ev.resumed()).state, ev.gate('go', true, undefined, 101));
    const last = transition(transition(approved.state, ev.started('last', 1, 102)).state, ev.ok('last', 1, {}, 103));
    expect(last.effects).toEqual([{ type: 'run-over', status: 'succeeded' }]);
  });

  it('an interrupted step keeps its interrupted-step question, even if the edit calls it repeatable', () => {
    const crashed = run(before, [ev.started('mark'), ev.ok('mark'), ev.gate('go', true), ev.started('last', 1, 5)]).state;
    const after = makeRunbook({ steps: [cmd('top'), cmd('mark'), { id: 'go', kind: 'confirm' }, cmd('last', { repeatable: true })] });
    const next = changeRunbook(crashed, after, changed(['top']));
    expect(transition(next.state, ev.resumed()).effects).toEqual([{ type: 'ask-interrupted', stepId: 'last', repeatable: true, rerunPhrase: 'rerun last' }]);
  });

  it('refuses when the step that was interrupted is gone from the edit, or the run is over', () => {
    const crashed = run(before, [ev.started('mark'), ev.ok('mark'), ev.gate('go', true), ev.started('last', 1, 5)]).state;
    const after = makeRunbook({ steps: [cmd('mark'), { id: 'go', kind: 'confirm' }, cmd('last-renamed')] });
    expect(changeRunbook(crashed, after, changed()).misfit).toMatch(/last was interrupted/);
    const over = run(before, [ev.started('mark'), ev.ok('mark'), ev.gate('go', true), ev.started('last', 1, 5), ev.ok('last', 1, {}, 6)]).state;
    expect(changeRunbook(over, after, changed()).misfit).toMatch(/over/);
  });

  it('replay applies an accepted edit with the runbook of its hash, and refuses one it cannot find', () => {
    const after = makeRunbook({ steps: [cmd('top'), cmd('mark'), { id: 'go', kind: 'confirm' }, cmd('last')] });
    const events: RunEvent[] = [runStarted(), ev.started('mark'), ev.ok('mark'), ev.paused('gate', 'go'), changed(['top']), ev.resumed(), ev.gate('go', true, undefined, 101)];
    const replayed = replay(before, events, { runbookFor: (hash) => (hash === 'hash-2' ? after : undefined) });
    expect(replayed.effects).toMatchObject([{ type: 'execute', stepId: 'last' }]);
    expect(statusOf(replayed.state, 'top').kind).toBe('skipped');
    expect(() => replay(before, events)).toThrow(/run\/runbook-changed/);
  });
});
