import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { finished } from '../actions/libsql/cli-target.js';
import { OTHER_SCHEMA_DATA } from '../actions/libsql/other-schema.js';
import { copyDbFile, garblePage, leafPages, tempDir, TURSO_STUB_DIR, withDb } from '../actions/libsql/helpers.js';
import { pitstop } from '../helpers/cli.js';
import { waitFor } from '../helpers/procs.js';
import { startReplicator, stopReplicator } from '../actions/litestream/replicator.js';
import { shopProject } from './shop-project.js';

/**
 * Acceptance, continued: the Turso paths of the libSQL runbooks through the stand-in `turso`
 * (the platform CLI cannot be installed here), and the Litestream paths with the real binary,
 * on the customers/orders/audit_log database.
 */
const out = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

afterEach(stopReplicator);

describe.each([true, false])('Turso paths on another schema (data: %s)', (data) => {
  it('export backup, not-responding probes, and a point-in-time copy merged back', async () => {
    const cloud = tempDir('pitstop-turso-');
    const env = { PATH: `${TURSO_STUB_DIR}:${process.env['PATH']}`, TURSO_STUB_DIR: cloud };
    const p = await shopProject({ data, env });
    // The "cloud" database is the project's file; its history holds the state before the deletion.
    const cloudDb = join(cloud, 'shop-db.db');
    await copyDbFile(p.db, cloudDb);
    const yaml = { engine: 'libsql', url: `file:${cloudDb}`, backups: p.backups, turso: { database: 'shop-db' } };
    writeFileSync(join(p.sb.cwd, 'pitstop.yaml'), stringify({ targets: { shop: { ...yaml, ...(data ? { data: OTHER_SCHEMA_DATA } : {}) } } }));
    mkdirSync(join(cloud, 'shop-db.history'));
    await copyDbFile(cloudDb, join(cloud, 'shop-db.history', '20261122T040000Z.db'));
    const gone = await withDb(cloudDb, async (c) => {
      const n = Number((await c.execute('SELECT count(*) FROM orders WHERE customer_id = 3')).rows[0]![0]);
      await c.execute('DELETE FROM orders WHERE customer_id = 3');
      return n;
    });

    const run = (args: string[]) => pitstop(p.sb, ['run', ...args, '--target', 'shop', '--plain', '--yes']);
    const backup = await run(['libsql-backup', '--set', 'platform=turso']);
    expect(backup.exitCode, out(backup)).toBe(0);
    const exported = String(finished(p.sb, out(backup))['export']?.outputs?.['path']);
    expect(mode(exported)).toBe('0600');
    expect(mode(p.backups)).toBe('0700');
    // A Turso target is held to its exports, not to snapshots it never takes.
    const status = await pitstop(p.sb, ['status', '--json', '--target', 'shop']);
    const checks = (JSON.parse(status.stdout) as { targets: Array<{ checks: Array<{ name: string; health: string }> }> }).targets[0]!.checks.map((c) => `${c.name}:${c.health}`);
    expect(checks, status.stdout).toEqual(expect.arrayContaining(['backup export:ok', 'verified export:ok']));
    expect(checks.filter((c) => c.includes('snapshot'))).toEqual([]);
    expect(status.exitCode).toBe(0);

    const probe = await run(['libsql-not-responding', '--set', 'platform=turso']);
    expect(probe.exitCode, out(probe)).toBe(0);
    const maintenance = await run(['libsql-maintenance', '--set', 'platform=turso']);
    expect(maintenance.exitCode, out(maintenance)).toBe(0);

    const given = ['--set', 'source=turso', '--set', 'table=orders', '--set', 'incident_at=2026-11-22T05:30:00+01:00', ...(data ? [] : ['--set', 'time_column=placed_at'])];
    const r = await run(['libsql-accidental-deletion', '--confirm', 'shop', '--confirm', 'shop', ...given]);
    expect(r.exitCode, out(r)).toBe(0);
    const steps = finished(p.sb, out(r));
    expect(steps['pitr-turso']?.outputs).toMatchObject({ from_database: 'shop-db', timestamp: '2026-11-22T04:30:00Z' });
    expect(steps['copy-back']?.outputs).toMatchObject({ copied: gone, lost: 0 });
    // Production as pitstop reads it after the merge (the stand-in's database is a local file).
    expect(steps['validate']?.outputs).toMatchObject({ n: p.counts.orders });
    expect(existsSync(join(cloud, `${String(steps['pitr-turso']?.outputs?.['database'])}.db`))).toBe(false);
  }, 120_000);
});

describe('Litestream paths on another schema (the real binary)', () => {
  it('the backup checks the replica is fresh; corruption restores from the replica; a deletion is merged back from it', async () => {
    const p = await shopProject({ data: false });
    const replicaDir = join(p.sb.cwd, 'replica');
    writeFileSync(join(p.sb.cwd, 'pitstop.yaml'), stringify({ targets: { shop: { engine: 'libsql', url: `file:${p.db}`, backups: p.backups, litestream: { replica: `file://${replicaDir}` } } } }));
    await startReplicator(p.db, replicaDir);
    const run = (args: string[]) => pitstop(p.sb, ['run', ...args, '--target', 'shop', '--plain', '--yes']);

    const backup = await run(['libsql-backup', '--set', 'litestream=true']);
    expect(backup.exitCode, out(backup)).toBe(0);
    expect(finished(p.sb, out(backup))['litestream-replica']?.outputs).toMatchObject({ max_age: '15m', snapshots: 1 });

    // The deletion, after a moment the replica holds (its granularity is about a second).
    const incidentAt = new Date();
    await waitFor(() => Date.now() > incidentAt.getTime() + 1500, 'a second boundary after the incident time');
    const gone = await withDb(p.db, async (c) => {
      const n = Number((await c.execute('SELECT count(*) FROM orders WHERE customer_id = 4')).rows[0]![0]);
      await c.execute('DELETE FROM orders WHERE customer_id = 4');
      return n;
    });
    const r = await run([
      'libsql-accidental-deletion', '--confirm', 'shop',
      '--set', 'source=litestream', '--set', 'table=orders', '--set', 'time_column=placed_at', '--set', `incident_at=${incidentAt.toISOString()}`,
    ]);
    expect(r.exitCode, out(r)).toBe(0);
    expect(finished(p.sb, out(r))['copy-back']?.outputs).toMatchObject({ copied: gone, lost: 0 });
    expect(finished(p.sb, out(r))['validate']?.outputs).toMatchObject({ n: p.counts.orders });

    // Corruption: the application (and its replicator) stopped, a table page damaged, the replica's newest state swapped in.
    await stopReplicator();
    const { pages, pageSize } = await leafPages(p.db, 'orders');
    garblePage(p.db, pages[Math.floor(pages.length / 2)], pageSize);
    const fix = await run(['libsql-corruption', '--confirm', 'shop', '--set', 'restore_from=litestream']);
    expect(fix.exitCode, out(fix)).toBe(0);
    const steps = finished(p.sb, out(fix));
    expect(steps['restore']?.outputs).toMatchObject({ source: 'litestream' });
    expect(steps['salvage']?.outputs).toMatchObject({ lost: 0, unsalvaged: [] });
    expect(steps['final-check']?.status).toBe('succeeded');
    expect(steps['validate']?.outputs).toMatchObject({ rows_orders: p.counts.orders, checks_failed: 0 });
  }, 120_000);
});
