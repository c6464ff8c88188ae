import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/actions/registry.js';
import { isRepeatable, resolveGate } from '../../src/engine/policy.js';
import { transition } from '../../src/engine/transition.js';
import { ev, makeRunbook, run, statusOf, TARGET } from './make-runbook.js';

describe('confirm gates', () => {
  const runbook = makeRunbook({
    steps: [
      { id: 'go', kind: 'confirm', title: 'Start the restore?' },
      { id: 'stop-app', kind: 'action', action: 'app.stop', gate: { type: 'confirm', prompt: 'Stop {{ target.name }}?' } },
    ],
  });

  it('a confirm step asks a confirm gate, with nothing to preview', () => {
    const { state, effects } = run(runbook);
    expect(effects).toEqual([{ type: 'ask-gate', stepId: 'go', gate: { type: 'confirm' }, reason: 'gate', preview: null }]);
    expect(state.status).toEqual({ kind: 'awaiting', stepId: 'go' });
  });

  it('approving a confirm step completes it and records who approved, then the next gate shows what it will run', () => {
    const { state, effects } = run(runbook, [ev.gate('go', true)]);
    expect(state.steps['go']).toMatchObject({
      status: { kind: 'succeeded', durationMs: 0 },
      approvedBy: { by: 'alice', at: '2026-03-01T03:00:03.000Z', via: 'tui' },
    });
    expect(effects).toEqual([
      {
        type: 'ask-gate',
        stepId: 'stop-app',
        gate: { type: 'confirm', prompt: 'Stop orquix?' },
        reason: 'gate',
        preview: { summary: 'action app.stop', lines: ['systemctl stop orquix-backend'], touches: { target: 'orquix', writes: true } },
      },
    ]);
  });

  it('approving a gate in front of a step executes it', () => {
    const { state, effects } = run(runbook, [ev.gate('go', true), ev.gate('stop-app', true, undefined, 5)]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'stop-app', attempt: 1, request: { kind: 'action', action: 'app.stop' } }]);
    expect(state.status).toEqual({ kind: 'running' });
  });

  it('declining pauses the run at the gate and asks nothing more', () => {
    const { state, effects } = run(runbook, [ev.gate('go', false)]);
    expect(effects).toEqual([]);
    expect(state.status).toEqual({ kind: 'paused', reason: 'gate', stepId: 'go' });
    expect(statusOf(state, 'go').kind).toBe('awaiting-gate');
  });
});

describe('typed gates and destructive steps', () => {
  it('a wrong phrase keeps the gate, says why, and asks again; the exact phrase passes', () => {
    const runbook = makeRunbook({
      steps: [{ id: 'drop', kind: 'sql', read_only: false, query: 'DROP TABLE t', gate: { type: 'typed', phrase: 'drop {{ target.name }}' } }],
    });
    const wrong = run(runbook, [ev.gate('drop', true, 'drop orquix ')]);
    expect(wrong.effects).toMatchObject([
      { type: 'ask-gate', stepId: 'drop', gate: { type: 'typed', phrase: 'drop orquix' }, rejected: 'the phrase does not match' },
    ]);
    expect(statusOf(wrong.state, 'drop')).toMatchObject({ kind: 'awaiting-gate', rejected: 'the phrase does not match' });
    expect(wrong.state.steps['drop']!.approvedBy).toBeUndefined();

    const right = run(runbook, [ev.gate('drop', true, 'drop orquix '), ev.gate('drop', true, 'drop orquix', 4)]);
    expect(right.effects).toMatchObject([{ type: 'execute', stepId: 'drop', request: { query: 'DROP TABLE t', readOnly: false } }]);
  });

  it('an approval without the phrase never passes a typed gate', () => {
    const runbook = makeRunbook({ steps: [{ id: 'wipe', kind: 'command', argv: ['rm', 'x'], destructive: true }] });
    const { effects } = run(runbook, [ev.gate('wipe', true)]);
    expect(effects).toMatchObject([{ type: 'ask-gate', rejected: 'the phrase does not match' }]);
  });

  it('a destructive step without a gate gets a typed gate whose phrase is the target name', () => {
    const runbook = makeRunbook({ steps: [{ id: 'wipe', kind: 'command', argv: ['rm', '-rf', '{{ target.backups }}/old'], destructive: true }] });
    const { effects } = run(runbook);
    expect(effects).toEqual([
      {
        type: 'ask-gate',
        stepId: 'wipe',
        gate: { type: 'typed', phrase: 'orquix' },
        reason: 'gate',
        preview: { summary: 'command', lines: ['rm -rf /srv/backups/orquix/old'], touches: { target: 'orquix', writes: true } },
      },
    ]);
  });

  it('a destructive step with only a confirm gate still gets the typed gate (keeping its prompt)', () => {
    const runbook = makeRunbook({
      steps: [{ id: 'wipe', kind: 'command', argv: ['rm', 'x'], destructive: true, gate: { type: 'confirm', prompt: 'Really?' } }],
    });
    expect(run(runbook).effects).toMatchObject([{ type: 'ask-gate', gate: { type: 'typed', phrase: 'orquix', prompt: 'Really?' } }]);
  });

  // Runs as soon as a destructive action is registered (restores, cutovers, copy-backs).
  const destructiveAction = listActions().find((a) => a.destructive);
  it.runIf(destructiveAction)('an action whose definition is destructive gets the typed gate, whatever the step says', () => {
    const runbook = makeRunbook({ engine: 'any', steps: [{ id: 'act', kind: 'action', action: destructiveAction!.name, destructive: false }] });
    const step = runbook.steps[0]!;
    const ctx = { params: {}, target: TARGET, steps: {}, run: { id: 'r', started_at: 't' } };
    expect(resolveGate(step, ctx, TARGET)).toEqual({ type: 'typed', phrase: 'orquix' });
    expect(isRepeatable({ ...step, repeatable: true })).toBe(false);
  });

  it('a gate answer for a step that is not waiting for one changes nothing', () => {
    const runbook = makeRunbook({ steps: [{ id: 'a', kind: 'check', argv: ['true'] }, { id: 'b', kind: 'confirm' }] });
    const before = run(runbook);
    for (const stray of [ev.gate('a', true), ev.gate('b', true), ev.gate('nope', true)]) {
      const after = transition(before.state, stray);
      expect(after.state).toBe(before.state);
      expect(after.effects).toEqual([]);
    }
  });
});

describe('input steps', () => {
  const runbook = makeRunbook({
    steps: [
      {
        id: 'ask',
        kind: 'input',
        params: {
          incident_at: { type: 'timestamp', required: true, prompt: 'When?' },
          rows: { type: 'int', default: 10 },
          password: { type: 'secret', required: true },
        },
      },
      { id: 'use', kind: 'command', argv: ['echo', '{{ params.incident_at }}', '{{ params.rows }}'] },
    ],
  });

  it('asks for its parameters', () => {
    const { effects, state } = run(runbook);
    expect(effects).toEqual([{ type: 'ask-input', stepId: 'ask', params: runbook.steps[0]!.kind === 'input' ? runbook.steps[0]!.params : {} }]);
    expect(statusOf(state, 'ask')).toEqual({ kind: 'awaiting-input' });
  });

  it('valid values become params (defaults applied) and outputs (secrets masked), and the run goes on', () => {
    const { state, effects } = run(runbook, [ev.input('ask', { incident_at: '2026-03-01T02:40:00+01:00', password: 'hunter2' })]);
    expect(state.params).toMatchObject({ incident_at: '2026-03-01T02:40:00+01:00', rows: 10, password: 'hunter2' });
    expect(state.steps['ask']!.outputs).toEqual({ incident_at: '2026-03-01T02:40:00+01:00', rows: 10, password: '***' });
    expect(statusOf(state, 'ask').kind).toBe('succeeded');
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'use', request: { argv: ['echo', '2026-03-01T02:40:00+01:00', '10'] } }]);
  });

  it('a timestamp without an offset is refused with the reason, and a missing required value is named', () => {
    const { state, effects } = run(runbook, [ev.input('ask', { incident_at: '2026-03-01 02:40:00', rows: 'many' })]);
    expect(effects).toHaveLength(1);
    const ask = effects[0]!;
    expect(ask.type).toBe('ask-input');
    const errors = ask.type === 'ask-input' ? ask.errors! : {};
    expect(errors['incident_at']).toMatch(/offset/i);
    expect(errors['rows']).toBeTruthy();
    expect(errors['password']).toBe('required');
    expect(state.params).toEqual({});
    expect(statusOf(state, 'ask')).toEqual({ kind: 'awaiting-input', errors });
  });

  it('a corrected answer after an error is accepted', () => {
    const { state } = run(runbook, [
      ev.input('ask', { incident_at: '2026-03-01 02:40:00', password: 'correct-horse' }),
      ev.input('ask', { incident_at: '2026-03-01T02:40:00Z', password: 'correct-horse' }, 5),
    ]);
    expect(statusOf(state, 'ask').kind).toBe('succeeded');
    expect(state.params['incident_at']).toBe('2026-03-01T02:40:00Z');
  });
});

describe('a typed gate approves one execution', () => {
  const wipe = { id: 'wipe', kind: 'command', argv: ['rm', 'x'], destructive: true };

  it('a retry of a destructive step asks its gate again before the next attempt', () => {
    const rb = makeRunbook({ steps: [{ ...wipe, retries: { count: 2 } }] });
    const { state, effects } = run(rb, [ev.gate('wipe', true, 'orquix', 1), ev.started('wipe', 1, 2), ev.fail('wipe', 1, 'boom', 3)]);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'wipe', gate: { type: 'typed', phrase: 'orquix' }, reason: 'gate' }]);
    expect(state.steps['wipe']!.approvedBy).toBeUndefined();
    const again = transition(state, ev.gate('wipe', true, 'orquix', 4));
    expect(again.effects).toMatchObject([{ type: 'execute', stepId: 'wipe', attempt: 2 }]);
  });

  it('a retry of a step that is not destructive runs without asking', () => {
    const rb = makeRunbook({ steps: [{ id: 'probe', kind: 'check', argv: ['x'], retries: { count: 1 } }] });
    const { effects } = run(rb, [ev.started('probe'), ev.fail('probe')]);
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'probe', attempt: 2 }]);
  });

  it('a goto back to a destructive step asks its gate again; the steps gone back over run again', () => {
    const rb = makeRunbook({ steps: [wipe, { id: 'probe', kind: 'check', argv: ['y'], on_failure: { goto: 'wipe' } }] });
    const { state, effects } = run(rb, [ev.gate('wipe', true, 'orquix', 1), ev.started('wipe', 1, 2), ev.ok('wipe', 1, {}, 3), ev.started('probe', 1, 4), ev.fail('probe', 1, 'down', 5)]);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'wipe', gate: { type: 'typed', phrase: 'orquix' } }]);
    expect(statusOf(state, 'wipe').kind).toBe('awaiting-gate');
  });
});
