import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lintRunbookSource } from '../../../src/runbook/lint.js';
import { loadRunbookFile } from '../../../src/runbook/load.js';
import { makeSandbox, pitstop, type Sandbox } from '../../helpers/cli.js';
import { finished, journalOf, runIdOf } from './cli-target.js';
import { garblePage, leafPages, scalar, seededDb, withDb } from './helpers.js';

const RUNBOOKS = fileURLToPath(new URL('../../../runbooks/', import.meta.url));
const LIBSQL_RUNBOOKS = readdirSync(RUNBOOKS).filter((f) => /^libsql-.*\.yaml$/.test(f));

describe('the shipped libSQL runbooks', () => {
  it('are all there', () => {
    expect(LIBSQL_RUNBOOKS.sort()).toEqual([
      'libsql-accidental-deletion.yaml',
      'libsql-backup.yaml',
      'libsql-corruption.yaml',
      'libsql-maintenance.yaml',
      'libsql-not-responding.yaml',
    ]);
  });

  it.each(LIBSQL_RUNBOOKS)('%s lints clean and has an SLA, a summary and a body on every step that acts', (file) => {
    const path = join(RUNBOOKS, file);
    expect(lintRunbookSource(path, readFileSync(path, 'utf8'))).toEqual([]);
    const { runbook } = loadRunbookFile(path);
    expect(runbook.engine).toBe('libsql');
    expect(runbook.summary?.length).toBeGreaterThan(80);
    if (runbook.scenario !== 'maintenance') expect(runbook.sla).toBeDefined();
    for (const step of runbook.steps) expect(step.title, `${file} ${step.id}`).toBeTruthy();
  });
});

/**
 * The built-in sandbox (no pitstop.yaml): its database seeded like the real one, with the
 * clock of today so that 90 days means something.
 */
async function sandboxWithData(): Promise<{ sb: Sandbox; db: string; backups: string }> {
  const sb = makeSandbox();
  const db = join(sb.home, 'sandbox', 'sandbox.db');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(sb.home, 'sandbox', 'backups'), { recursive: true });
  await seededDb(db, { now: new Date() });
  return { sb, db, backups: join(sb.home, 'sandbox', 'backups') };
}

describe('the libSQL runbooks end to end on the built-in sandbox', () => {
  let s: Awaited<ReturnType<typeof sandboxWithData>>;
  beforeEach(async () => {
    s = await sandboxWithData();
  });

  it('libsql-backup takes a verified snapshot; libsql-maintenance monthly archives by the target archive rule', async () => {
    const backup = await pitstop(s.sb, ['run', 'libsql-backup', '--plain', '--yes']);
    expect(backup.exitCode, backup.stderr).toBe(0);
    expect(readdirSync(s.backups).filter((f) => /^sandbox-\d{8}T\d{6}Z\.db(\.sha256)?$/.test(f))).toHaveLength(2);

    // The sandbox's own file as a pitstop.yaml target, with the seed's archive rule.
    const target = { engine: 'libsql', url: `file:${s.db}`, backups: s.backups, data: { archive: { table: 'interacciones', column: 'fecha_creacion', older_than: '90d' } } };
    writeFileSync(join(s.sb.cwd, 'pitstop.yaml'), stringify({ targets: { sandbox: target } }));
    const old = await scalar(s.db, "SELECT count(*) FROM interacciones WHERE fecha_creacion < datetime('now', '-90 days')");
    const total = await scalar(s.db, 'SELECT count(*) FROM interacciones');
    const refused = await pitstop(s.sb, ['run', 'libsql-maintenance', '--plain', '--yes', '--set', 'task=monthly']);
    expect(refused.exitCode).toBe(3); // archiving deletes rows: a typed gate, not passed by --yes
    const monthly = await pitstop(s.sb, ['resume', '--plain', '--yes', '--confirm', 'sandbox']);
    expect(monthly.exitCode, monthly.stdout + monthly.stderr).toBe(0);
    const steps = finished(s.sb, monthly.stdout + monthly.stderr);
    expect(steps['archive-plan']?.outputs).toMatchObject({ configured: true, candidates: old, archive_table: 'interacciones_archived' });
    expect(steps['archive']?.outputs).toMatchObject({ moved: old, remaining: total - old, archived: old });
    expect(await scalar(s.db, 'SELECT count(*) FROM interacciones_archived')).toBe(old);
  }, 60_000);

  it('libsql-maintenance monthly without an archive rule skips archiving with a note, and asks for no gate', async () => {
    // The built-in sandbox has the seed's archive rule (examples/tickets.pitstop.yaml): the same file as a target without data:.
    writeFileSync(join(s.sb.cwd, 'pitstop.yaml'), stringify({ targets: { sandbox: { engine: 'libsql', url: `file:${s.db}`, backups: s.backups } } }));
    const total = await scalar(s.db, 'SELECT count(*) FROM interacciones');
    const r = await pitstop(s.sb, ['run', 'libsql-maintenance', '--plain', '--yes', '--set', 'task=monthly']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const steps = finished(s.sb, r.stdout + r.stderr);
    expect(steps['archive-plan']?.outputs).toMatchObject({ configured: false, note: expect.stringMatching(/no archive rule.*data: \{ archive: \{ table: events, column: created_at, older_than: 90d \} \}/) });
    expect(steps['archive']).toBeUndefined(); // skipped by its when:, never started
    expect(steps['verify-after']?.status).toBe('succeeded');
    expect(await scalar(s.db, 'SELECT count(*) FROM interacciones')).toBe(total);
  }, 60_000);

  it('libsql-corruption: an index-only corruption is fixed by REINDEX, nothing restored', async () => {
    const { pages, pageSize } = await leafPages(s.db, 'idx_tickets_estado');
    garblePage(s.db, pages[1], pageSize, 600, 80);
    const r = await pitstop(s.sb, ['run', 'libsql-corruption', '--plain', '--yes', '--confirm', 'sandbox']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const steps = finished(s.sb, r.stdout + r.stderr);
    expect(steps['check']?.outputs).toMatchObject({ ok: false, index_only: true, indexes: ['idx_tickets_estado'] });
    expect(steps['reindex']?.status).toBe('succeeded');
    expect(steps['recheck']?.outputs).toMatchObject({ ok: true });
    expect(steps['restore']).toBeUndefined();
    expect(steps['final-check']?.status).toBe('succeeded');
  }, 60_000);

  it('libsql-corruption: a damaged table is restored from the snapshot and newer rows are saved or counted', async () => {
    expect((await pitstop(s.sb, ['run', 'libsql-backup', '--plain', '--yes'])).exitCode).toBe(0);
    await withDb(s.db, async (c) => {
      for (let i = 0; i < 150; i++) {
        await c.execute("INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (5, 'Nuevo', 'después del snapshot', 'abierto', 'alta')");
      }
    });
    const { pages, pageSize } = await leafPages(s.db, 'tickets');
    garblePage(s.db, pages[pages.length - 2], pageSize);

    const r = await pitstop(s.sb, ['run', 'libsql-corruption', '--plain', '--yes', '--confirm', 'sandbox']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const steps = finished(s.sb, r.stdout + r.stderr);
    expect(steps['check']?.outputs).toMatchObject({ ok: false, index_only: false });
    expect(steps['restore']?.outputs?.['kept']).toMatch(/sandbox\.db\.before-restore-/);
    const salvage = steps['salvage']?.outputs as Record<string, any>;
    expect(salvage['lost_tickets']).toBeGreaterThan(0);
    expect(salvage['lost_tables']).toEqual(['tickets']);
    expect(salvage['copied_tickets'] + salvage['lost_tickets']).toBe(150);
    // the operator had to acknowledge the loss at a gate, journaled with who and when
    expect(journalOf(s.sb, r.stdout + r.stderr).find((e) => e['type'] === 'gate/answered' && e['stepId'] === 'unrecoverable')).toMatchObject({ approved: true, by: expect.any(String) });
    expect(steps['final-check']?.status).toBe('succeeded');
    expect(await scalar(s.db, 'SELECT count(*) FROM tickets')).toBe(3000 + salvage['copied_tickets']);
    expect(steps['validate']?.outputs).toMatchObject({ rows_tickets: 3000 + salvage['copied_tickets'], checks_failed: 0 });

    const report = await pitstop(s.sb, ['report', runIdOf(r.stdout + r.stderr)]);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toMatch(new RegExp(`${salvage['lost']} NOT recoverable \\(tickets: ${salvage['lost_tickets']}\\)`));
  }, 60_000);

  it('libsql-not-responding passes every check on a healthy sandbox', async () => {
    const r = await pitstop(s.sb, ['run', 'libsql-not-responding', '--plain', '--yes']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const steps = finished(s.sb, r.stdout + r.stderr);
    for (const id of ['connect', 'write-lock', 'quick-check']) expect(steps[id]?.status, id).toBe('succeeded');
  }, 30_000);
});
