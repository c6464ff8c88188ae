import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, readJournalEvents, spawnPitstop, type Sandbox } from '../helpers/cli.js';

/** The drill's own journal (`drills/<id>/drill.jsonl`), one drill per id. */
function drillJournals(s: Sandbox): Array<{ id: string; events: Array<Record<string, any>> }> {
  const root = join(s.home, 'drills');
  return readdirSync(root)
    .sort()
    .map((id) => ({ id, events: readFileSync(join(root, id, 'drill.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) }));
}

/** Pids of processes whose environment names this home, once none is left or after 5 s. */
async function noneLeft(home: string): Promise<number[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/environ`, 'utf8').split('\0').includes(`PITSTOP_HOME=${home}`);
        } catch {
          return false;
        }
      })
      .map(Number);
    if (pids.length === 0 || Date.now() > deadline) return pids;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A configured libSQL target in ./pitstop.yaml that a drill must neither read nor write. */
async function configuredTarget(s: Sandbox): Promise<string[]> {
  const db = join(s.cwd, 'prod.db');
  const client = createClient({ url: `file:${db}` });
  await client.batch(['CREATE TABLE tickets (id INTEGER PRIMARY KEY, asunto TEXT)', "INSERT INTO tickets (asunto) VALUES ('real'), ('data')"], 'write');
  client.close();
  // The second target cannot even be loaded (its variable is unset): a drill that read this file would fail.
  writeFileSync(
    join(s.cwd, 'pitstop.yaml'),
    `targets:\n  prod:\n    engine: libsql\n    url: file:${db}\n    backups: ${join(s.cwd, 'prod-backups')}\n  other:\n    engine: libsql\n    url: \${env:PITSTOP_DRILL_TEST_NEVER_SET}\n`,
  );
  return [db, join(s.cwd, 'pitstop.yaml')];
}

describe('pitstop drill libsql-accidental-deletion', () => {
  it('--auto --plain: a world backed up by a real run, a deletion, the page, the real runbook, a score; the configured target untouched', async () => {
    const s = makeSandbox();
    const files = await configuredTarget(s);
    const before = files.map(sha256);

    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--plain']);
    expect(r.stderr).not.toMatch(/pitstop: /);
    expect(r.exitCode).toBe(0);

    // The page: an alert and a log excerpt in the server's time zone, the DELETE among its lines.
    expect(r.stdout).toContain('── page ──');
    expect(r.stdout).toMatch(/^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} -0600 INFO {2}\[admin-script\] DELETE FROM tickets WHERE usuario_id IN/m);
    expect(r.stdout).toMatch(/score: PASS/);

    const [drill] = drillJournals(s);
    const types = drill!.events.map((e) => e.type);
    expect(types).toEqual(['drill/started', 'drill/world', 'drill/fingerprint', 'drill/fault', 'drill/page', 'drill/recovery', 'drill/scored', 'drill/cleaned']);
    const fault = drill!.events.find((e) => e.type === 'drill/fault')!.facts;
    expect(fault).toMatchObject({ kind: 'delete', table: 'tickets' });
    expect(fault.children.interacciones).toBeGreaterThan(0);
    const fp = drill!.events.find((e) => e.type === 'drill/fingerprint')!.tables;
    expect(fault.rows / fp.tickets.rows).toBeGreaterThan(0.1);
    expect(fault.rows / fp.tickets.rows).toBeLessThan(0.2);
    expect(fp.tickets.hash).toMatch(/^[0-9a-f]{64}$/);

    // A snapshot source loses exactly the application's rows written after the backup that the fault deleted.
    const { score } = drill!.events.find((e) => e.type === 'drill/scored')!;
    expect(fault.writerRowsDeleted).toBeGreaterThan(0);
    expect(score).toMatchObject({ validated: true, rowsLost: fault.writerRowsDeleted, lostByTable: { tickets: fault.writerRowsDeleted }, rowsLostFromBackup: 0, duplicates: 0, unexpectedRows: 0, passed: true });
    expect(score.rtoMs).toBeGreaterThan(0);
    expect(score.rtoWithinSla).toBe(true);
    expect(score.writerRowsKept).toBe(score.writerRows - fault.writerRowsDeleted);
    expect(score.slowest).toHaveLength(3);

    // Both runs are real runs, in the history, marked as the drill's.
    const runs = JSON.parse((await pitstop(s, ['runs', '--json'])).stdout) as Array<{ runId: string; runbookId: string; status: string }>;
    expect(runs.map((x) => x.runbookId).sort()).toEqual(['libsql-accidental-deletion', 'libsql-backup']);
    for (const run of runs) {
      const started = readJournalEvents(join(s.home, 'runs', run.runId))[0]!;
      expect(started).toMatchObject({ type: 'run/started', drill: drill!.id, target: { name: 'drill', engine: 'libsql' } });
    }
    expect(score.runId).toBe(drill!.events.find((e) => e.type === 'drill/recovery')!.runId);

    // The recovery run's report ends with the drill's score; the backup run's has none.
    const md = await pitstop(s, ['report', score.runId]);
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toMatch(new RegExp(`## Drill ${drill!.id} \\(fault delete\\)[\\s\\S]*score: PASS[\\s\\S]*RPO ${score.rowsLost} committed rows lost`));
    const json = JSON.parse((await pitstop(s, ['report', score.runId, '--format', 'json'])).stdout);
    expect(json.drill).toMatchObject({ drillId: drill!.id, fault: 'delete', score: { runId: score.runId, passed: true } });
    const backupRun = runs.find((x) => x.runbookId === 'libsql-backup')!.runId;
    expect((await pitstop(s, ['report', backupRun])).stdout).not.toContain('## Drill');

    // Clean-up: the world is gone, the drill's journal stays; the configured target was never touched.
    expect(existsSync(join(s.home, 'drills', drill!.id, 'world'))).toBe(false);
    expect(files.map(sha256)).toEqual(before);
    expect(existsSync(join(s.cwd, 'prod-backups'))).toBe(false);
    // The application and the query helpers ended with the drill.
    expect(await noneLeft(s.home)).toEqual([]);
  }, 120_000);

  it('--json: drill events and the run events as NDJSON, drill/scored among them; --keep keeps the world; drills --json has both drills', async () => {
    const s = makeSandbox();
    const first = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--json', '--keep']);
    expect(first.exitCode).toBe(0);
    const events = first.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const scored = events.find((e) => e.type === 'drill/scored');
    expect(scored.score).toMatchObject({ validated: true, passed: true });
    expect(events.find((e) => e.type === 'run/started')).toMatchObject({ runbookId: 'libsql-accidental-deletion', drill: scored.drillId });
    expect(events.filter((e) => e.type === 'run/finished')).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const cleaned = events.find((e) => e.type === 'drill/cleaned');
    expect(cleaned).toMatchObject({ kept: true });
    expect(existsSync(join(cleaned.dir, 'drill.db'))).toBe(true);

    expect((await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--plain'])).exitCode).toBe(0);
    const history = JSON.parse((await pitstop(s, ['drills', '--json'])).stdout);
    expect(history.drills).toHaveLength(2);
    expect(history.drills.map((d: any) => d.result)).toEqual(['pass', 'pass']);
    expect(history.runbooks).toEqual([
      expect.objectContaining({ runbookId: 'libsql-accidental-deletion', drills: 2, passed: 2, last: expect.objectContaining({ id: history.drills[1].id, result: 'pass' }), best: expect.objectContaining({ rowsLost: expect.any(Number) }), trend: expect.stringMatching(/better|worse|same/) }),
    ]);
    const plain = await pitstop(s, ['drills']);
    expect(plain.stdout).toContain(history.drills[0].id);
    expect(plain.stdout).toMatch(/libsql-accidental-deletion: 2 drills, 2 passed/);
  }, 180_000);

  it('refuses what it cannot drill, before building anything (exit 2)', async () => {
    const s = makeSandbox();
    const none = await pitstop(s, ['drill']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('libsql-accidental-deletion');
    const unknown = await pitstop(s, ['drill', 'pg-nothing', '--auto']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/runbook pg-nothing cannot be drilled[\s\S]*Drillable runbooks: libsql-accidental-deletion/);
    const fault = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--fault', 'hung', '--auto']);
    expect(fault.exitCode).toBe(2);
    expect(fault.stderr).toMatch(/does not recover from the fault hung[\s\S]*Its faults: delete/);
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
    expect(none.stderr + unknown.stderr + fault.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('pitstop drill, interrupted or without answers', () => {
  it('headless without --auto and without --yes: the run stops at the first manual step, nothing is recovered, the score fails (exit 1) and counts the loss', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--plain', '--set', 'incident_at=2026-11-28T19:00:00-06:00']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/score: FAIL[\s\S]*RTO not reached/);
    // Its world is gone: no advice to resume it, but why it cannot be.
    expect(r.stderr).not.toContain('pitstop resume');
    expect(r.stdout).toMatch(/recovery run \S+ did not finish; its world is gone, so it cannot be resumed/);
    const [drill] = drillJournals(s);
    const fault = drill!.events.find((e) => e.type === 'drill/fault')!.facts;
    const { score } = drill!.events.find((e) => e.type === 'drill/scored')!;
    expect(score).toMatchObject({ validated: false, rtoMs: null, passed: false, rpoWithinSla: false, lostByTable: { tickets: fault.rows, interacciones: fault.children.interacciones } });
    expect(score.rowsLostFromBackup).toBe(score.rowsLost - fault.writerRowsDeleted);
    expect(existsSync(join(s.home, 'drills', drill!.id, 'world'))).toBe(false);
  }, 60_000);

  it('headless without --auto and without the runbook\'s answers: a usage error before any world is built', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--plain']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/needs --set incident_at=…[\s\S]*--auto/);
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
  });

  it('SIGTERM while the application writes: the drill ends 143, the world is removed, the journal says why', async () => {
    const s = makeSandbox();
    const child = spawnPitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--plain']);
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('the application is writing')) resolve();
      });
    });
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    const [drill] = drillJournals(s);
    expect(drill!.events.map((e) => e.type)).toContain('drill/failed');
    expect(drill!.events.find((e) => e.type === 'drill/failed')!.error).toMatch(/SIGTERM/);
    expect(existsSync(join(s.home, 'drills', drill!.id, 'world'))).toBe(false);
    // The application process (and any helper) went with it.
    expect(await noneLeft(s.home)).toEqual([]);
  }, 60_000);
});
