import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/procs.js';
import { makeSandbox, pitstop, readJournalEvents, spawnPitstop } from '../helpers/cli.js';

describe('pitstop drill pg-accidental-deletion without the PostgreSQL server', () => {
  it('refuses to start (exit 2) with the install hint, before building anything', async () => {
    const s = makeSandbox();
    // A PATH with no pg_config at all, then one whose pg_config names a client-only bin directory.
    const empty = join(s.cwd, 'empty-path');
    mkdirSync(empty);
    const none = await pitstop(s, ['drill', 'pg-accidental-deletion', '--auto', '--plain'], { env: { PATH: empty } });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/the drill of pg-accidental-deletion needs the PostgreSQL server binaries \(initdb, pg_ctl, postgres\)[\s\S]*pg_config is not on PATH[\s\S]*Install the PostgreSQL server package/);

    const clientOnly = join(s.cwd, 'client-only');
    mkdirSync(join(clientOnly, 'bin'), { recursive: true });
    writeFileSync(join(clientOnly, 'bin', 'psql'), '', { mode: 0o755 });
    writeFileSync(join(clientOnly, 'pg_config'), `#!/bin/sh\necho '${join(clientOnly, 'bin')}'\n`, { mode: 0o755 });
    const client = await pitstop(s, ['drill', 'pg-accidental-deletion', '--auto', '--plain'], { env: { PATH: `${clientOnly}:/usr/bin:/bin` } });
    expect(client.exitCode).toBe(2);
    expect(client.stderr).toMatch(/no initdb\/pg_ctl\/postgres in [\s\S]*not only the client/);

    expect(existsSync(join(s.home, 'drills'))).toBe(false);
    expect(none.stderr + client.stderr).not.toMatch(/\n\s+at /);
  });
});

/** Pids of PostgreSQL servers whose command line names `path` (the world's or a restored copy's data directory). */
function serversUnder(path: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(path);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('pitstop drill pg-accidental-deletion --auto --json', () => {
  it('backs the world up with pg-backup-base, deletes with a cascade, and the runbook recovers every committed row: the exact xid, writer rows kept, none twice', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'pg-accidental-deletion', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: /);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const of = (type: string) => events.filter((e) => e.type === type);
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);

    // The fault: one transaction on the table the world's target names, its children gone by cascade,
    // rows the application wrote after the backup among them (only the WAL has those).
    const [started] = of('drill/started');
    expect(started).toMatchObject({ runbookId: 'pg-accidental-deletion', engine: 'postgres', fault: 'delete' });
    const { facts } = of('drill/fault')[0]!;
    expect(facts).toMatchObject({ kind: 'delete', table: 'interaction_events' });
    expect(facts.children).toEqual({ ia_responses: expect.any(Number), moderated_syntheses: expect.any(Number) });
    expect(facts.children.ia_responses).toBeGreaterThan(0);
    expect(facts.writerRowsDeleted).toBeGreaterThan(0);
    // The page's log is in the server's zone: the DELETE line carries the time to find.
    expect(of('drill/page')[0]!.log.join('\n')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} -0600 INFO {2}\[admin-script\] DELETE FROM interaction_events WHERE project_id IN/m);

    // The recovery found exactly that transaction and restored to just before it.
    const finished = Object.fromEntries(of('step/finished').map((e) => [e.stepId, e]));
    // Its rows_deleted counts every row the transaction deleted, the cascaded ones too.
    const cascaded = Object.values(facts.children as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(finished['find-transaction']!.outputs).toMatchObject({ operation: 'DELETE', rows_deleted: facts.rows + cascaded });
    expect(finished['restore-copy']!.outputs.stop_xid).toBe(finished['find-transaction']!.outputs.xid);
    expect(finished['copy-back']!.outputs).toMatchObject({ copied: facts.rows, [`copied_ia_responses`]: facts.children.ia_responses });

    const { score } = of('drill/scored')[0]!;
    expect(score).toMatchObject({ validated: true, rowsLost: 0, rowsLostFromBackup: 0, duplicates: 0, unexpectedRows: 0, passed: true, rtoWithinSla: true });
    expect(score.rtoMs).toBeGreaterThan(0);
    expect(score.writerRows).toBeGreaterThan(0);
    expect(score.writerRowsKept).toBe(score.writerRows);

    // The backup was a real run of the shipped runbook, in the history, marked as the drill's.
    const runs = JSON.parse((await pitstop(s, ['runs', '--json'])).stdout) as Array<{ runId: string; runbookId: string; status: string }>;
    expect(runs.map((x) => `${x.runbookId} ${x.status}`).sort()).toEqual(['pg-accidental-deletion finished', 'pg-backup-base finished']);
    for (const run of runs) expect(readJournalEvents(join(s.home, 'runs', run.runId))[0]).toMatchObject({ drill: started!.drillId, target: { name: 'drill', engine: 'postgres' } });

    // Clean-up: no server of the world or of its restored copy runs, and their files are gone.
    const cleaned = of('drill/cleaned')[0]!;
    expect(existsSync(cleaned.dir)).toBe(false);
    expect(serversUnder(cleaned.dir)).toEqual([]);
    const copyDir = String(finished['restore-copy']!.outputs.data_dir);
    expect(serversUnder(copyDir)).toEqual([]);
    expect(existsSync(copyDir)).toBe(false);
  }, 300_000);
});

describe('pitstop drill pg-accidental-deletion --fault truncate --auto --json', () => {
  it('TRUNCATE … CASCADE of the table, restored from a base backup chosen at random (--backup random): the runbook finds the TRUNCATE in the WAL and brings every row of the table and its children back', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'pg-accidental-deletion', '--fault', 'truncate', '--backup', 'random', '--auto', '--json']);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const of = (type: string) => events.filter((e) => e.type === type);
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
    const { facts } = of('drill/fault')[0]!;
    const fingerprint = of('drill/fingerprint')[0]!.tables;
    // Every row: the fingerprint's and the application's until then; the children emptied with it.
    expect(facts).toMatchObject({ kind: 'truncate', table: 'interaction_events', statement: 'TRUNCATE interaction_events CASCADE' });
    expect(facts.rows).toBe(fingerprint.interaction_events.rows + facts.writerRowsDeleted);
    expect(facts.children).toEqual({ ia_responses: fingerprint.ia_responses.rows, moderated_syntheses: fingerprint.moderated_syntheses.rows });

    const finished = Object.fromEntries(of('step/finished').map((e) => [e.stepId, e]));
    expect(finished['find-transaction']!.outputs).toMatchObject({ operation: 'TRUNCATE' });
    // Three backup runs, one verified base backup chosen among them, and the copy made from that one.
    const backup = of('drill/backup')[0]!;
    expect(backup).toMatchObject({ choice: 'random', candidates: 3 });
    expect(backup.backupRunIds).toHaveLength(3);
    expect(String(finished['restore-copy']!.outputs.base_backup).endsWith(`/${backup.snapshot}`)).toBe(true);
    expect(finished['restore-copy']!.outputs.stop_xid).toBe(finished['find-transaction']!.outputs.xid);
    expect(finished['copy-back']!.outputs).toMatchObject({ copied: facts.rows, copied_ia_responses: facts.children.ia_responses, copied_moderated_syntheses: facts.children.moderated_syntheses });
    expect(of('drill/scored')[0]!.score).toMatchObject({ validated: true, rowsLost: 0, duplicates: 0, unexpectedRows: 0, passed: true, backup: { choice: 'random', snapshot: backup.snapshot } });
  }, 300_000);
});

describe('pitstop drill pg-accidental-deletion, interrupted', () => {
  it('SIGTERM while the restored copy runs: exit 143, neither the world\'s server nor the copy runs any more, no world left', async () => {
    const s = makeSandbox();
    const child = spawnPitstop(s, ['drill', 'pg-accidental-deletion', '--auto', '--plain']);
    let seen = '';
    const copyDir = await new Promise<string | undefined>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const copying = /copying base backup \S+ to (\S+\/data)$/m.exec(seen);
        if (copying) resolve(copying[1]);
      });
      void child.then(() => resolve(undefined));
    });
    expect(copyDir, seen).toBeDefined();
    // The copy's server is up once its pid file is there (the step may end first: the copy runs on until stop-copy).
    await waitFor(() => existsSync(join(copyDir!, 'postmaster.pid')), "the copy's pid file", 60_000);
    expect(serversUnder(copyDir!).length).toBeGreaterThan(0);
    const world = /^world: (\S+)/m.exec(seen)![1]!;
    // Not child.kill(): execa follows it with SIGKILL after 5 s, and stopping two servers under load may take longer.
    process.kill(child.pid!, 'SIGTERM');
    const result = await child;
    expect(result.exitCode, `${String(result.stdout).slice(-2000)}\n${String(result.stderr)}`).toBe(143);
    expect(String(result.stdout)).toMatch(/score: FAIL/);
    expect(serversUnder(copyDir!)).toEqual([]);
    expect(serversUnder(world)).toEqual([]);
    expect(existsSync(world)).toBe(false);
    expect(existsSync(copyDir!)).toBe(false);
  }, 300_000);
});

describe('pitstop drill pg-accidental-deletion, headless without --auto', () => {
  it('asks only for what the PostgreSQL world\'s target does not give (its params name the table), before building anything', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'pg-accidental-deletion', '--plain']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/needs --set incident_at=…/);
    expect(r.stderr).not.toContain('--set table=');
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
  });
});
