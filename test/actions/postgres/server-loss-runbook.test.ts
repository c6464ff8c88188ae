import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dumpAction } from '../../../src/actions/postgres/dump.js';
import { verifyDumpAction } from '../../../src/actions/postgres/verify-dump.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { makeSandbox, pitstop, type Sandbox } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { lastRunSteps, pgRunbookEnv, type PgRunbookEnv } from './runbook-env.js';
import { makePgContext, pgTarget, runAction, switchWalAndWait } from './server-helpers.js';

/** The pg-server-loss runbook, headless through the built CLI, after the data directory is removed. */
const PASSWORD = 'app-S3cret-pw';
let env: PgRunbookEnv | undefined;
const clusters: Cluster[] = [];
const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await env?.cleanup();
  await Promise.all(clusters.map((c) => c.destroy()));
  for (const sb of sandboxes) rmSync(sb.cwd, { recursive: true, force: true });
});

const ids = async (url: string): Promise<number[]> =>
  (await queryOnce<{ id: string }>(url, 'SELECT id FROM interaction_events ORDER BY id')).map((r) => Number(r.id));

describe('pg-server-loss through the CLI', () => {
  it('data directory removed: recovered onto a new directory and port up to the last archived commit, app repointed', async () => {
    env = await pgRunbookEnv({ password: PASSWORD });
    const url = env.cluster.url();
    // Written after the base backup, in several transactions: only the WAL archive has them.
    for (let i = 0; i < 5; i += 1) {
      await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt, created_at)
                            SELECT project_id, user_id, 'after the backup ' || $1, now() FROM interaction_events ORDER BY id LIMIT 50`, [i]);
    }
    const [last] = await queryOnce<{ id: string }>(url, `INSERT INTO users (email, full_name) VALUES ('last@orquix.test', 'Last Commit') RETURNING id`);
    const truth = await ids(url);
    await switchWalAndWait(url);
    // The loss: the server dies and its data directory is gone.
    await env.cluster.stop();
    rmSync(env.cluster.dataDir, { recursive: true, force: true });

    const run = await pitstop(env.sb, [
      'run', 'pg-server-loss', '--plain', '--yes', '--confirm', 'orquix', '--set', 'app_commands=true', '--set', 'repoint=env-file', '--set', `env_file=${env.envFile}`,
    ]);
    const out = run.stdout + run.stderr;
    expect(run.exitCode, out).toBe(0);
    const { steps, started } = lastRunSteps(env.sb);
    for (const id of ['host', 'disk', 'network', 'secrets']) expect(steps[id]?.status, id).toBe('succeeded');
    expect(steps['pg-version']?.outputs?.['stdout']).toMatch(/PostgreSQL \d+/);
    expect(steps['extensions-copy']?.outputs?.['missing']).toBe(0);
    expect(steps['check-copy']?.outputs?.['verdict']).toBe('clean');
    for (const id of ['new-server', 'restore-dump', 'cutover-tcp', 'cutover-dump']) expect(started.has(id), id).toBe(false);

    const restore = steps['restore']!.outputs!;
    expect(restore['data_dir']).not.toBe(env.cluster.dataDir);
    expect(restore['port']).not.toBe(env.cluster.port);
    const copy = String(restore['url']);
    expect(await ids(copy)).toEqual(truth);
    const [user] = await queryOnce<{ id: string }>(copy, `SELECT id FROM users WHERE email = 'last@orquix.test'`);
    expect(user?.id).toBe(last!.id);
    expect(steps['validate-copy']?.outputs).toMatchObject({ tables: 6, rows_public_interaction_events: truth.length, missing_tables: 0 });

    // Repointed: same credentials, the new socket and port; the old file kept; app steps in order.
    expect(readFileSync(env.envFile, 'utf8')).toBe(
      `DATABASE_URL=postgresql://postgres:${PASSWORD}@/postgres?host=${String(restore['socket_dir'])}&port=${String(restore['port'])}\nLOG_LEVEL=info\n`,
    );
    expect(existsSync(`${env.envFile}.bak`)).toBe(true);
    expect(readFileSync(env.calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'migrate', 'start']);
    expect(steps['validate-app']?.status).toBe('succeeded');
    expect(out).not.toContain(PASSWORD);
  });

  it('no base backup: the newest verified dump goes into the new server the target points at, extensions first, app repointed', async () => {
    const sb = makeSandbox();
    sandboxes.push(sb);
    chmodSync(sb.cwd, 0o755);
    const backups = join(sb.cwd, 'backups');
    mkdirSync(backups);
    const old = await startCluster({ dir: join(sb.cwd, 'old'), archive: false });
    clusters.push(old);
    await seedPostgres(old.url(), { rows: 1500 });
    // A column of an extension's type: restoring without the extension would fail.
    await queryOnce(old.url(), 'CREATE EXTENSION cube');
    await queryOnce(old.url(), 'ALTER TABLE projects ADD COLUMN area cube');
    await queryOnce(old.url(), `UPDATE projects SET area = cube(id, id + 1)`);
    const ctx = makePgContext(pgTarget(old.url(), { backups }));
    const dump = await runAction(dumpAction, {}, ctx);
    await runAction(verifyDumpAction, { path: dump.outputs['path'] }, ctx);
    await ctx.close();
    const truth = await ids(old.url());
    await old.destroy(); // the loss

    const fresh = await startCluster({ dir: join(sb.cwd, 'new'), archive: false });
    clusters.push(fresh);
    const calls = join(sb.cwd, 'calls');
    const record = (what: string): string[] => ['sh', '-c', `echo ${what} >> "$0"`, calls];
    const envFile = join(sb.cwd, 'backend.env');
    writeFileSync(envFile, `DATABASE_URL=postgresql://postgres:${PASSWORD}@/postgres?host=${old.socketDir}&port=${old.port}\n`, { mode: 0o600 });
    const app = { stop: record('stop'), start: record('start'), migrate: record('migrate'), health: ['true'] };
    writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { orquix: { engine: 'postgres', url: fresh.url(), backups, extensions: ['cube'], app } } }));

    const run = await pitstop(sb, [
      'run', 'pg-server-loss', '--plain', '--yes', '--confirm', 'orquix', '--set', 'source=dump', '--set', 'app_commands=true',
      '--set', 'repoint=env-file', '--set', `env_file=${envFile}`, '--set', `app_db_host=${fresh.socketDir}`, '--set', `app_db_port=${fresh.port}`,
    ]);
    const out = run.stdout + run.stderr;
    expect(run.exitCode, out).toBe(0);
    const { steps, started } = lastRunSteps(sb);
    expect(steps['extensions-new']?.outputs?.['created']).toEqual(['cube']);
    expect(steps['restore-dump']?.outputs?.['path']).toBe(dump.outputs['path']);
    for (const id of ['restore', 'check-copy', 'cutover-socket', 'cutover-tcp']) expect(started.has(id), id).toBe(false);
    expect(await ids(fresh.url())).toEqual(truth);
    const [area] = await queryOnce<{ a: string }>(fresh.url(), 'SELECT area::text AS a FROM projects WHERE id = 3');
    expect(area?.a).toBe('(3),(4)');
    expect(readFileSync(envFile, 'utf8')).toBe(`DATABASE_URL=postgresql://postgres:${PASSWORD}@/postgres?host=${fresh.socketDir}&port=${fresh.port}\n`);
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'migrate', 'start']);
    expect(out).not.toContain(PASSWORD);
  });
});
