import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliTarget, finished, journalOf, runIdOf } from '../actions/libsql/cli-target.js';
import { scalar, withDb } from '../actions/libsql/helpers.js';
import { makeSandbox, onlyRunDir, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * The report's answer on top, through the built CLI: the first lines say how the run ended,
 * on what, what came back and what did not, the recovery point, RTO and RPO measured against
 * the SLA, and who approved the destructive steps; the JSON report carries the same fields.
 */
const NEW_TICKET = "INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (?, 'Nuevo', 'escrito después del snapshot', 'abierto', 'media')";

const top = (markdown: string, lines = 16) => markdown.split('\n').slice(0, lines).join('\n');

describe('the outcome block of a report', () => {
  it('a libSQL accidental deletion: finished, rows copied back and lost per table, recovery point, RTO and RPO against the SLA, the approver', async () => {
    const t = await cliTarget();
    const backup = await pitstop(t.sb, ['run', 'libsql-backup', '--target', 'tickets', '--plain', '--yes']);
    expect(backup.exitCode, backup.stdout + backup.stderr).toBe(0);
    const deleted = await scalar(t.db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42');
    await withDb(t.db, async (c) => {
      for (let i = 0; i < 5; i++) await c.execute({ sql: NEW_TICKET, args: [42] }); // after the snapshot, then deleted too
      await c.execute({ sql: 'DELETE FROM tickets WHERE usuario_id = ?', args: [42] });
    });
    const incident = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, '+00:00');
    const r = await pitstop(t.sb, ['run', 'libsql-accidental-deletion', '--plain', '--yes', '--confirm', 'tickets', '--set', `incident_at=${incident}`, '--set', 'table=tickets', '--set', 'time_column=fecha_creacion']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const runId = runIdOf(r.stdout + r.stderr);
    const steps = finished(t.sb, r.stdout + r.stderr);
    const snapshotAt = String(steps['open-snapshot']?.outputs?.['snapshot_taken_at']);
    const events = journalOf(t.sb, r.stdout + r.stderr);
    const firstStep = events.find((e) => e.type === 'step/started')!.at as string;
    const end = events.at(-1)!.at as string;
    const approval = events.find((e) => e.type === 'gate/answered' && e.stepId === 'copy-back')!;

    const report = await pitstop(t.sb, ['report', runId]);
    expect(report.exitCode, report.stderr).toBe(0);
    const head = top(report.stdout);
    expect(head).toContain('**Outcome** | finished');
    expect(head).toContain('`tickets` (libsql)');
    expect(head).toContain('`libsql-accidental-deletion`');
    expect(head).toContain(`${incident} (incident_at)`);
    expect(head).toContain(`tickets: ${deleted} rows copied back (step copy-back)`);
    expect(head).toContain('tickets: 5 rows lost (step copy-back)');
    expect(head).toContain(`snapshot taken ${snapshotAt.slice(0, 19)}Z (step open-snapshot)`);
    const rtoMs = Date.parse(end) - Date.parse(firstStep);
    expect(head).toMatch(new RegExp(`\\*\\*RTO\\*\\* \\| measured \\d[^|]* \\(first step ${firstStep.slice(0, 19)}Z → end ${end.slice(0, 19)}Z\\) against 1h: within`));
    expect(rtoMs).toBeLessThan(3_600_000);
    expect(head).toMatch(/\*\*RPO\*\* \| measured: [^|]*the recovery point is \d[^|]* before the incident; 5 rows lost; budget 15m/);
    expect(head).toContain(`copy-back (destructive): ${approval.by} typed "tickets" at ${String(approval.at).slice(0, 19)}Z`);
    // The placeholder of the runbook's last step names this run.
    expect(report.stdout).toMatch(new RegExp(`^> .*\\(\`pitstop report ${runId}\`\\)`, 'm'));
    expect(report.stdout).not.toContain('RUN_ID');

    const json = JSON.parse((await pitstop(t.sb, ['report', runId, '--format', 'json'])).stdout);
    expect(json.outcome).toMatchObject({
      outcome: 'finished',
      target: { name: 'tickets', engine: 'libsql' },
      runbook: { id: 'libsql-accidental-deletion' },
      incidentAt: incident,
      // The ON DELETE CASCADE children came back with their tickets, counted on their own.
      recovered: [{ table: 'tickets', rows: deleted, stepId: 'copy-back' }, { table: 'interacciones', rows: expect.any(Number), stepId: 'copy-back' }],
      notRecovered: [{ table: 'tickets', rows: 5, what: 'lost', stepId: 'copy-back' }],
      recoveryPoint: { kind: 'snapshot', time: snapshotAt, stepId: 'open-snapshot' },
      rto: { measuredMs: rtoMs, budget: '1h', verdict: 'within' },
      rpo: { budget: '15m', rowsLost: 5, gapMs: Math.max(0, Date.parse(incident) - Date.parse(snapshotAt)) },
      approvals: expect.arrayContaining([{ stepId: 'copy-back', by: approval.by, at: approval.at, via: 'flag', typed: 'tickets', destructive: true }]),
    });
  }, 90_000);

  it('a failed run says failed, and at which step, on its first lines', async () => {
    const sandbox = project(['  - id: fine', '    kind: command', node('0'), '  - id: boom', '    kind: command', node('process.exit(5)')]);
    const run = await pitstop(sandbox, ['run', 'outcome', '--plain']);
    expect(run.exitCode).toBe(1);
    const report = await pitstop(sandbox, ['report', basename(onlyRunDir(sandbox))]);
    const head = top(report.stdout, 8);
    expect(head).toMatch(/\*\*Failed\*\* at step boom/);
    expect(head).toMatch(/\*\*Outcome\*\* \| failed: step boom failed/);
  });

  it('a run without incident_at, copy or SLA still gets a block that says what it does not know', async () => {
    const sandbox = project(['  - id: fine', '    kind: command', node('0'), '  - id: ask', '    kind: confirm', '    body: "Say yes, then send pitstop report RUN_ID to the owners."']);
    const run = await pitstop(sandbox, ['run', 'outcome', '--plain']);
    expect(run.exitCode).toBe(3);
    const runId = basename(onlyRunDir(sandbox));
    // The plain output shows what the gate asks, with this run's id in the command.
    expect(run.stdout).toContain(`  Say yes, then send pitstop report ${runId} to the owners.`);
    const report = await pitstop(sandbox, ['report', runId]);
    const head = top(report.stdout);
    expect(head).toContain('**Outcome** | waiting: stopped at the gate of step ask');
    expect(head).toContain('**Incident** | not given (the runbook has no incident_at)');
    expect(head).toContain('**Recovered** | no rows copied back by this run');
    expect(head).toMatch(/\*\*RTO\*\* \| measured \d[^|]* \(first step [^|]* → not ended yet\), no RTO in the runbook/);
    expect(head).toContain('**RPO** | not measured by this run; no RPO in the runbook');
    expect(head).toContain('**Approved by** | no gate approved');
    expect(report.stdout).toContain(`> Say yes, then send pitstop report ${runId} to the owners.`);
    const json = JSON.parse((await pitstop(sandbox, ['report', runId, '--format', 'json'])).stdout);
    expect(json.outcome).toMatchObject({ outcome: 'waiting', recovered: [], notRecovered: [], approvals: [] });
    expect(json.outcome.incidentAt).toBeUndefined();
  });
});

const node = (code: string) => `    argv: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(code)}]`;

function project(steps: string[]): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'outcome.yaml'),
    ['id: outcome', 'title: Outcome test', 'scenario: custom', 'engine: libsql', 'summary: How reports open', 'steps:', ...steps, ''].join('\n'),
  );
  return sandbox;
}
