import { describe, expect, it } from 'vitest';
import { BugError } from '../../src/errors.js';
import { fitting } from '../../src/runner/loop.js';
import { ev, makeRunbook, run } from '../engine/make-runbook.js';

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
