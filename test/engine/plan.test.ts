import { describe, expect, it } from 'vitest';
import { planRun } from '../../src/engine/plan.js';
import { deepFreeze, makeRunbook, TARGET } from './make-runbook.js';

const RUN = { id: '<run id>', started_at: '<run start>' };

describe('planRun (dry run)', () => {
  const runbook = makeRunbook({
    params: { table: { type: 'identifier', default: 'tickets' }, mode: { type: 'enum', values: ['full', 'quick'] } },
    steps: [
      { id: 'ask', kind: 'input', title: 'When?', params: { incident_at: { type: 'timestamp', required: true } } },
      { id: 'freeze', kind: 'manual', title: 'Freeze writes' },
      { id: 'count', kind: 'sql', query: 'SELECT count(*) AS n FROM {{ ident params.table }} WHERE at < $1', params: ['{{ params.incident_at }}'] },
      { id: 'deep', kind: 'check', argv: ['pg_amcheck', '--heapallindexed'], when: "params.mode == 'full'" },
      { id: 'report', kind: 'command', argv: ['echo', '{{ steps.count.outputs.n }} rows'], when: 'steps.count.outputs.n > 0' },
      {
        id: 'copy-back',
        kind: 'sql',
        read_only: false,
        destructive: true,
        query: 'INSERT INTO {{ ident params.table }} SELECT * FROM restored_copy LIMIT $1',
        params: ['{{ steps.count.outputs.n }}'],
      },
    ],
  });
  const plan = planRun(deepFreeze(runbook), TARGET, { table: 'tickets', mode: 'quick' }, RUN);
  const byId = (id: string) => plan.find((p) => p.id === id)!;

  it('lists every step in order, never throwing', () => {
    expect(plan.map((p) => [p.id, p.kind])).toEqual([
      ['ask', 'input'],
      ['freeze', 'manual'],
      ['count', 'sql'],
      ['deep', 'check'],
      ['report', 'command'],
      ['copy-back', 'sql'],
    ]);
  });

  it('renders what it can, and shows values asked later as placeholders', () => {
    expect(byId('count').preview).toEqual({
      summary: 'sql (read-only) on orquix',
      lines: ['SELECT count(*) AS n FROM "tickets" WHERE at < $1', "$1 = '<params.incident_at>'"],
      touches: { target: 'orquix', writes: false },
    });
    expect(byId('ask').note).toBe('asks for incident_at');
    expect(byId('freeze').preview).toBeNull();
  });

  it('evaluates a `when` on params, marking the step that would be skipped', () => {
    expect(byId('deep')).toMatchObject({ when: "params.mode == 'full'", preview: null, note: 'will be skipped: the mode is quick, not full' });
  });

  it('does not guess a `when` on step outputs: the step is shown with what it depends on', () => {
    expect(byId('report')).toMatchObject({
      when: 'steps.count.outputs.n > 0',
      note: expect.stringContaining('depends on step count'),
      preview: { lines: ["echo '<steps.count.outputs.n> rows'"] },
    });
  });

  it('shows the typed gate of a destructive step and the step-output placeholder among its bound values', () => {
    expect(byId('copy-back')).toMatchObject({
      gate: { type: 'typed', phrase: 'orquix' },
      preview: {
        summary: 'sql (writes) on orquix',
        lines: ['INSERT INTO "tickets" SELECT * FROM restored_copy LIMIT $1', "$1 = '<steps.count.outputs.n>'"],
      },
    });
  });

  it('turns what cannot be rendered into a note instead of throwing', () => {
    const broken = makeRunbook({
      steps: [
        { id: 'a', kind: 'command', argv: ['echo', '{{ params.nowhere }}'] },
        { id: 'b', kind: 'action', action: 'app.stop', with: { force: true } },
      ],
    });
    const [a, b] = planRun(broken, TARGET, {}, RUN);
    expect(a).toMatchObject({ preview: null, note: expect.stringContaining('nowhere') });
    expect(b).toMatchObject({ note: expect.stringContaining('force'), preview: { summary: 'action app.stop' } });
  });

  it('shows a condition used by name with what it stands for, and what it depends on', () => {
    const named = makeRunbook({
      params: { dry: { type: 'bool', default: false } },
      conditions: { restored: 'steps.restore.outputs.ready', quiet: 'params.dry' },
      steps: [
        { id: 'restore', kind: 'check', argv: ['true'] },
        { id: 'validate', kind: 'check', argv: ['true'], when: 'restored and not params.dry' },
        { id: 'note', kind: 'check', argv: ['true'], when: 'quiet' },
      ],
    });
    const steps = planRun(named, TARGET, { dry: false }, RUN);
    expect(steps[1]).toMatchObject({
      when: 'restored and not params.dry',
      conditions: [{ name: 'restored', expr: 'steps.restore.outputs.ready' }],
      note: 'runs only if its condition holds; depends on step restore',
    });
    expect(steps[2]).toMatchObject({ when: 'quiet', conditions: [{ name: 'quiet', expr: 'params.dry' }], note: 'will be skipped: quiet does not hold (the dry is false)' });
  });
});
