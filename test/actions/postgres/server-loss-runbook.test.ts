import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { pitstop } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { lastRunSteps, pgRunbookEnv, type PgRunbookEnv } from './runbook-env.js';
import { switchWalAndWait } from './server-helpers.js';

/** The pg-server-loss runbook, headless through the built CLI, after the data directory is removed. */
const PASSWORD = 'app-S3cret-pw';
let env: PgRunbookEnv | undefined;
afterAll(async () => {
  await env?.cleanup();
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
      'run', 'pg-server-loss', '--plain', '--yes', '--confirm', 'orquix', '--set', 'app_commands=true', '--set', `env_file=${env.envFile}`,
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
    expect(steps['validate-copy']?.outputs?.['interaction_events']).toBe(truth.length);

    // Repointed: same credentials, the new socket and port; the old file kept; app steps in order.
    expect(readFileSync(env.envFile, 'utf8')).toBe(
      `DATABASE_URL=postgresql://postgres:${PASSWORD}@/postgres?host=${String(restore['socket_dir'])}&port=${String(restore['port'])}\nLOG_LEVEL=info\n`,
    );
    expect(existsSync(`${env.envFile}.bak`)).toBe(true);
    expect(readFileSync(env.calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'migrate', 'start']);
    expect(steps['validate-app']?.status).toBe('succeeded');
    expect(out).not.toContain(PASSWORD);
  });
});
