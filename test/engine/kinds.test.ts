import { describe, expect, it } from 'vitest';
import { ev, makeRunbook, run, statusOf } from './make-runbook.js';

describe('each kind of step, from run/started', () => {
  it('a command renders each argv element, env and cwd separately and asks to execute attempt 1', () => {
    const runbook = makeRunbook({
      params: { note: { type: 'string', default: 'x' } },
      steps: [
        {
          id: 'echo',
          kind: 'command',
          argv: ['echo', '{{ params.note }}', 'target={{ target.name }}'],
          env: { RUN: '{{ run.id }}' },
          cwd: '{{ target.backups }}',
          timeout: '30s',
        },
      ],
    });
    const { state, effects } = run(runbook, [], { note: "it's; rm -rf /" });
    expect(effects).toEqual([
      {
        type: 'execute',
        stepId: 'echo',
        attempt: 1,
        delayMs: 0,
        request: {
          kind: 'command',
          argv: ['echo', "it's; rm -rf /", 'target=orquix'],
          env: { RUN: 'run-1' },
          cwd: '/srv/backups/orquix',
          timeoutMs: 30_000,
        },
        preview: {
          summary: 'command',
          lines: [`echo 'it'\\''s; rm -rf /' target=orquix`, 'env RUN=run-1', 'in /srv/backups/orquix'],
          touches: { target: 'orquix', writes: true },
        },
      },
    ]);
    expect(statusOf(state, 'echo')).toEqual({ kind: 'pending' });
    expect(state.status).toEqual({ kind: 'running' });
    expect(state.cursor).toBe(0);
  });

  it('sql binds params (not interpolated), quotes identifiers, defaults `on` to the target and is read-only', () => {
    const runbook = makeRunbook({
      params: { table: { type: 'identifier', default: 'tickets' }, since: { type: 'string' } },
      steps: [
        { id: 'count', kind: 'sql', query: 'SELECT count(*) AS n FROM {{ ident params.table }} WHERE at > $1', params: ['{{ params.since }}'] },
      ],
    });
    const [effect] = run(runbook, [], { table: 'Tickets', since: "2026-01-01'--" }).effects;
    expect(effect).toMatchObject({
      type: 'execute',
      request: { kind: 'sql', on: 'orquix', query: 'SELECT count(*) AS n FROM "Tickets" WHERE at > $1', params: ["2026-01-01'--"], readOnly: true },
      preview: { summary: 'sql (read-only) on orquix', touches: { target: 'orquix', writes: false } },
    });
  });

  it('sql with read_only: false writes, on another database', () => {
    const runbook = makeRunbook({ steps: [{ id: 'fix', kind: 'sql', on: 'restored', read_only: false, query: 'DELETE FROM t' }] });
    const [effect] = run(runbook).effects;
    expect(effect).toMatchObject({
      request: { kind: 'sql', on: 'restored', readOnly: false, params: [] },
      preview: { summary: 'sql (writes) on restored', touches: { target: 'restored', writes: true } },
    });
  });

  it('a check is a command or a read-only query', () => {
    const byArgv = makeRunbook({ steps: [{ id: 'ready', kind: 'check', argv: ['pg_isready'] }] });
    expect(run(byArgv).effects[0]).toMatchObject({
      request: { kind: 'command', argv: ['pg_isready'] },
      preview: { touches: { writes: false } },
    });
    const byQuery = makeRunbook({ steps: [{ id: 'rows', kind: 'check', query: 'SELECT 1 AS one', expect: { one: 1 } }] });
    expect(run(byQuery).effects[0]).toMatchObject({ request: { kind: 'sql', readOnly: true, on: 'orquix' } });
  });

  it('a wait repeats its probe every 2s for up to 60s unless told otherwise', () => {
    const plain = makeRunbook({ steps: [{ id: 'up', kind: 'wait', argv: ['pg_isready', '-q'] }] });
    expect(run(plain).effects[0]).toMatchObject({
      request: { kind: 'wait', intervalMs: 2000, timeoutMs: 60_000, probe: { kind: 'command', argv: ['pg_isready', '-q'] } },
      preview: { summary: 'wait until the command passes (every 2s, up to 60s)', lines: ['pg_isready -q'] },
    });
    const tuned = makeRunbook({ steps: [{ id: 'up', kind: 'wait', query: 'SELECT 1', interval: '500ms', timeout: '5m' }] });
    expect(run(tuned).effects[0]).toMatchObject({
      request: { kind: 'wait', intervalMs: 500, timeoutMs: 300_000, probe: { kind: 'sql', readOnly: true } },
      preview: { summary: 'wait until the query on orquix passes (every 500ms, up to 5m)' },
    });
  });

  it('an action renders `with` and is previewed by its own describe()', () => {
    const runbook = makeRunbook({ steps: [{ id: 'stop-app', kind: 'action', action: 'app.stop' }] });
    expect(run(runbook).effects[0]).toMatchObject({
      request: { kind: 'action', action: 'app.stop', with: {} },
      preview: { summary: 'action app.stop', lines: ['systemctl stop orquix-backend'], touches: { target: 'orquix', writes: true } },
    });
  });

  it('an action with invalid `with` fails before running, naming the field', () => {
    const runbook = makeRunbook({ steps: [{ id: 'stop-app', kind: 'action', action: 'app.stop', with: { force: true } }] });
    const { state, effects } = run(runbook);
    const status = statusOf(state, 'stop-app');
    expect(status.kind).toBe('failed');
    expect(status.kind === 'failed' && status.error).toMatch(/^app\.stop: with.*force/);
    expect(effects).toMatchObject([{ type: 'ask-failure', stepId: 'stop-app', error: (status as { error: string }).error }]);
  });

  it('an unknown action fails the step with its name', () => {
    const runbook = makeRunbook({ steps: [{ id: 'x', kind: 'action', action: 'postgres.nonexistent' }] });
    expect(run(runbook).state.status).toEqual({ kind: 'failed', stepId: 'x', error: 'unknown action postgres.nonexistent' });
  });

  it('a manual step asks to be marked done; the runner’s started+finished complete it', () => {
    const runbook = makeRunbook({
      steps: [
        { id: 'freeze', kind: 'manual', title: 'Freeze writes on {{ target.name }}', body: 'Revoke INSERT on **{{ target.name }}**.' },
        { id: 'next', kind: 'check', argv: ['true'] },
      ],
    });
    const first = run(runbook);
    expect(first.effects).toEqual([{ type: 'ask-manual', stepId: 'freeze', title: 'Freeze writes on orquix', body: 'Revoke INSERT on **orquix**.' }]);
    expect(first.state.status).toEqual({ kind: 'awaiting', stepId: 'freeze' });
    const done = run(runbook, [ev.started('freeze'), ev.ok('freeze', 1, { note: 'maintenance page is up', by: 'alice' })]);
    expect(statusOf(done.state, 'freeze')).toMatchObject({ kind: 'succeeded', note: 'maintenance page is up' });
    expect(done.effects).toMatchObject([{ type: 'execute', stepId: 'next', attempt: 1 }]);
  });

  it('the run finishes after the last step', () => {
    const runbook = makeRunbook({ steps: [{ id: 'a', kind: 'check', argv: ['true'] }] });
    const { state, effects } = run(runbook, [ev.started('a'), ev.ok('a', 1, { outputs: { stdout: 'ok', exit_code: 0 } })]);
    expect(effects).toEqual([{ type: 'run-over', status: 'succeeded' }]);
    expect(state.status).toEqual({ kind: 'finished', at: '2026-03-01T03:00:02.000Z' });
    expect(state.cursor).toBeNull();
    expect(state.steps['a']).toMatchObject({ attempts: 1, outputs: { stdout: 'ok', exit_code: 0 }, status: { kind: 'succeeded', durationMs: 1000 } });
  });
});

describe('when', () => {
  const runbook = makeRunbook({
    params: { mode: { type: 'enum', values: ['full', 'quick'], default: 'quick' } },
    steps: [
      { id: 'full-check', kind: 'check', argv: ['pg_amcheck'], when: "params.mode == 'full'" },
      { id: 'quick-check', kind: 'check', argv: ['pg_isready'], when: "params.mode == 'quick'" },
    ],
  });

  it('a false condition skips the step with the reason and moves on', () => {
    const { state, effects } = run(runbook, [], { mode: 'quick' });
    expect(statusOf(state, 'full-check')).toEqual({ kind: 'skipped', reason: 'the mode is quick, not full' });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'quick-check' }]);
  });

  it("a step's own skip_reason is the reason instead", () => {
    const own = makeRunbook({
      params: { mode: { type: 'enum', values: ['full', 'quick'], default: 'quick' } },
      steps: [
        { id: 'full-check', kind: 'check', argv: ['pg_amcheck'], when: "params.mode == 'full'", skip_reason: 'a quick check was asked for' },
        { id: 'quick-check', kind: 'check', argv: ['pg_isready'] },
      ],
    });
    expect(statusOf(run(own, [], { mode: 'quick' }).state, 'full-check')).toEqual({ kind: 'skipped', reason: 'a quick check was asked for' });
  });

  it('a true condition runs the step', () => {
    const { effects } = run(runbook, [], { mode: 'full' });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'full-check' }]);
  });

  it('an undefined reference in `when` fails the step, and on_failure applies', () => {
    const broken = makeRunbook({
      steps: [
        { id: 'odd', kind: 'check', argv: ['true'], when: 'steps.nowhere.outputs.n > 0', on_failure: 'continue' },
        { id: 'after', kind: 'check', argv: ['true'] },
      ],
    });
    const { state, effects } = run(broken);
    expect(statusOf(state, 'odd')).toMatchObject({ kind: 'failed', error: expect.stringContaining('nowhere') });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'after' }]);
  });
});

describe('named conditions', () => {
  const runbook = makeRunbook({
    params: { dry: { type: 'bool', default: false } },
    conditions: { restored: 'steps.restore.outputs.ready == true', live: 'restored and not params.dry' },
    steps: [
      { id: 'restore', kind: 'check', argv: ['true'] },
      { id: 'validate', kind: 'check', argv: ['true'], when: 'live' },
      { id: 'after', kind: 'check', argv: ['true'] },
    ],
  });

  it('a `when` naming a condition runs the step when the condition holds', () => {
    const { effects } = run(runbook, [ev.started('restore'), ev.ok('restore', 1, { outputs: { ready: true } })], { dry: false });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'validate' }]);
  });

  it('skips it otherwise, with the condition and what it stands for in the reason', () => {
    const { state, effects } = run(runbook, [ev.started('restore'), ev.ok('restore', 1, { outputs: { ready: true } })], { dry: true });
    expect(statusOf(state, 'validate')).toEqual({
      kind: 'skipped',
      reason: 'live does not hold (the dry is true)',
    });
    expect(effects).toMatchObject([{ type: 'execute', stepId: 'after' }]);
  });
});

describe('outputs flow into later steps', () => {
  const runbook = makeRunbook({
    steps: [
      { id: 'count', kind: 'sql', query: 'SELECT count(*)::int AS n, max(id) AS last FROM t' },
      { id: 'show', kind: 'command', argv: ['echo', 'rows={{ steps.count.outputs.n }}', '{{ steps.count.outputs.last }}'] },
      { id: 'log', kind: 'sql', read_only: false, query: 'INSERT INTO audit (n, last) VALUES ($1, $2)', params: ['{{ steps.count.outputs.n }}', '{{ steps.count.outputs.last }}'] },
    ],
  });
  const events = [ev.started('count'), ev.ok('count', 1, { outputs: { n: 42, last: 'abc-9', row_count: 1 } })];

  it('into argv, as text', () => {
    expect(run(runbook, events).effects).toMatchObject([{ stepId: 'show', request: { argv: ['echo', 'rows=42', 'abc-9'] } }]);
  });

  it('into bound SQL params, a whole reference keeping its type', () => {
    const later = [...events, ev.started('show', 1, 3), ev.ok('show', 1, {}, 4)];
    const [effect] = run(runbook, later).effects;
    expect(effect).toMatchObject({ stepId: 'log', request: { params: [42, 'abc-9'] } });
    expect(effect?.type === 'execute' && effect.preview.lines).toEqual(['INSERT INTO audit (n, last) VALUES ($1, $2)', '$1 = 42', "$2 = 'abc-9'"]);
  });
});
