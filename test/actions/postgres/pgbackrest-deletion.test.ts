import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { freePort, postgresOwner, runAsPostgresArgv } from '../../../src/postgres/server-env.js';
import { makeSandbox, pitstop, type Sandbox } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { finished } from '../libsql/cli-target.js';
import { pitrAction } from '../../../src/actions/postgres/pitr.js';
import { makePgContext, runPg, stopCopiesOfRuns } from './physical-helpers.js';

/**
 * pg-accidental-deletion through pgBackRest: WAL archived by `pgbackrest archive-push`, a full
 * backup, a DELETE, later writes; the runbook finds the transaction in WAL fetched from the
 * repository, restores with `pgbackrest restore --type=xid --target-exclusive` into a new
 * directory and port, and copies the rows back. As root, pgBackRest runs as `postgres`
 * against a repository that user owns.
 */
let dir: string;
let conf: string;
let cluster: Cluster;
let sandbox: Sandbox;
/** The deletion the runbook undid in the first test, for the last one. */
let deletion: { xid: string; commitTime: string; users: number } | undefined;
const sql = <T extends Record<string, unknown>>(q: string, p: unknown[] = []) => queryOnce<T>(cluster.url(), q, p);

async function pgbackrest(...args: string[]): Promise<void> {
  const argv = runAsPostgresArgv(['pgbackrest', `--config=${conf}`, '--stanza=orquix', ...args]);
  const r = await execa(argv[0]!, argv.slice(1), { reject: false });
  if (r.exitCode !== 0) throw new Error(`pgbackrest ${args.join(' ')}: ${r.stderr}${r.stdout}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pitstop-pgbr-'));
  const owner = postgresOwner();
  for (const d of ['', 'repo', 'log', 'lock']) {
    mkdirSync(join(dir, d), { recursive: true, mode: 0o700 });
    if (owner) chownSync(join(dir, d), owner.uid, owner.gid);
  }
  const port = await freePort();
  conf = join(dir, 'pgbackrest.conf');
  writeFileSync(conf, [
    '[global]', `repo1-path=${dir}/repo`, `log-path=${dir}/log`, `lock-path=${dir}/lock`, 'start-fast=y', 'log-level-console=warn',
    '[orquix]', `pg1-path=${dir}/pg/data`, `pg1-socket-path=${dir}/pg/sock`, `pg1-port=${port}`, '',
  ].join('\n'));
  cluster = await startCluster({
    dir: join(dir, 'pg'),
    port,
    extraConf: { fsync: 'off', archive_command: `pgbackrest --config=${conf} --stanza=orquix archive-push %p` },
  });
  await pgbackrest('stanza-create');
  sandbox = makeSandbox({ PG_URL: cluster.url('postgres') });
  const target = { engine: 'postgres', url: '${env:PG_URL}', pgbackrest: { stanza: 'orquix', config: conf } };
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), stringify({ targets: { orquix: target } }));
  await sql('CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  await sql(`INSERT INTO users (email) SELECT 'user' || g || '@example.org' FROM generate_series(1, 100000) g`);
  await pgbackrest('backup', '--type=full');
}, 180_000);

afterAll(async () => {
  // A test that failed half-way may have left its copy running.
  if (sandbox) await stopCopiesOfRuns(sandbox.home);
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (sandbox) rmSync(sandbox.cwd, { recursive: true, force: true });
});

describe('pg-accidental-deletion through pgBackRest', () => {
  it('restores to just before the DELETE from the repository and copies the rows back', async () => {
    await sql(`INSERT INTO users (email) SELECT 'late' || g || '@example.org' FROM generate_series(1, 500) g`);
    const [row] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
    const before = (await sql<{ id: number }>('SELECT id FROM users ORDER BY id')).map((r) => r.id);
    await sql('DELETE FROM users WHERE id % 1000 = 0');
    await sql(`INSERT INTO users (email) SELECT 'after' || g || '@example.org' FROM generate_series(1, 50) g`);
    const later = (await sql<{ id: number }>("SELECT id FROM users WHERE email LIKE 'after%' ORDER BY id")).map((r) => r.id);

    const run = await pitstop(sandbox, [
      'run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', '--confirm', 'orquix',
      '--set', `incident_at=${row!.t}`, '--set', 'table=users', '--set', 'remove_copy=true',
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const steps = finished(sandbox, run.stdout + run.stderr);
    expect(steps['find-transaction']?.outputs).toMatchObject({ operation: 'DELETE', rows_deleted: 100 });
    expect(String(steps['restore-copy']?.outputs?.['source'])).toMatch(/pgBackRest stanza orquix/);
    expect(steps['restore-copy']?.outputs?.['stop_xid']).toBe(steps['find-transaction']?.outputs?.['xid']);
    expect(steps['copy-back']?.outputs).toMatchObject({ copied: 100, conflicts: 0 });
    deletion = { xid: String(steps['find-transaction']?.outputs?.['xid']), commitTime: String(steps['find-transaction']?.outputs?.['commit_time']), users: before.length };

    const now = (await sql<{ id: number }>('SELECT id FROM users ORDER BY id')).map((r) => r.id);
    expect(now).toEqual([...before, ...later].sort((a, b) => a - b));
    expect(steps['stop-copy']?.outputs).toMatchObject({ was_running: true, removed: true });
  }, 240_000);

  it('restores to a time through pgBackRest, and refuses a time before its oldest backup before anything starts', async () => {
    const ctx = makePgContext({ name: 'orquix', engine: 'postgres', url: cluster.url(), pgbackrest: { stanza: 'orquix', config: conf }, secrets: [] });
    try {
      await expect(runPg(pitrAction, { target_time: '2020-01-01T00:00:00Z' }, ctx)).rejects.toThrow(/before the oldest pgBackRest backup/);
      expect(existsSync(join(ctx.runDir, 'restore'))).toBe(false);

      await sql('CREATE TABLE marks (id int PRIMARY KEY)');
      await sql('INSERT INTO marks SELECT generate_series(1, 10)');
      const [row] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp(), 'YYYY-MM-DD"T"HH24:MI:SS.USOF') || ':00' AS t`);
      await new Promise((r) => setTimeout(r, 20));
      await sql('INSERT INTO marks SELECT generate_series(11, 20)');
      await sql('SELECT pg_switch_wal()');
      await new Promise((r) => setTimeout(r, 1000));
      const out = await runPg(pitrAction, { target_time: row!.t }, ctx);
      expect(String(out.outputs['source'])).toMatch(/pgBackRest/);
      expect(await queryOnce(ctx.restored!.url, 'SELECT count(*)::int AS n FROM marks')).toEqual([{ n: 10 }]);
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it('restores to an xid from before the latest backup with the backup that ended before it (--set)', async () => {
    expect(deletion).toBeDefined();
    await pgbackrest('backup', '--type=full');
    const ctx = makePgContext({ name: 'orquix', engine: 'postgres', url: cluster.url(), pgbackrest: { stanza: 'orquix', config: conf }, secrets: [] });
    try {
      // From the latest backup the transaction is already in the past: replay never meets it.
      await expect(runPg(pitrAction, { target_xid: deletion!.xid }, ctx)).rejects.toThrow(/recovery target was not reached/);
      const out = await runPg(pitrAction, { target_xid: deletion!.xid, backup_before: deletion!.commitTime }, ctx);
      expect(String(out.outputs['source'])).toMatch(/pgBackRest stanza orquix \(backup \d{8}-\d{6}F\)/);
      expect(out.outputs['stop_xid']).toBe(deletion!.xid);
      expect(await queryOnce(ctx.restored!.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: deletion!.users }]);
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
