import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pitstop } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { lastRunSteps, pgRunbookEnv, type PgRunbookEnv } from './runbook-env.js';
import { corruptRelation, serverTime, switchWalAndWait } from './server-helpers.js';

/**
 * The pg-corruption runbook, headless through the built CLI, on a real cluster with data
 * checksums, a verified base backup and a WAL archive.
 */
const PASSWORD = 'app-S3cret-pw';
const envs: PgRunbookEnv[] = [];
afterAll(async () => {
  for (const env of envs) await env.cleanup();
});

async function setup(): Promise<PgRunbookEnv> {
  const env = await pgRunbookEnv({ password: PASSWORD });
  envs.push(env);
  return env;
}

const ids = async (url: string): Promise<number[]> =>
  (await queryOnce<{ id: string }>(url, 'SELECT id FROM interaction_events ORDER BY id')).map((r) => Number(r.id));

describe('pg-corruption through the CLI', () => {
  it('a damaged heap page: verdict heap, restored to just before the corruption, the copy passes amcheck with every row, the app repointed', async () => {
    const env = await setup();
    const url = env.cluster.url();
    // Written after the base backup: only the WAL archive has these.
    await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt, created_at)
                          SELECT project_id, user_id, user_prompt, now() FROM interaction_events ORDER BY id LIMIT 400`);
    const truth = await ids(url);
    const restoreTo = await serverTime(url);
    // After the restore point: must not come back.
    await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt, created_at)
                          SELECT project_id, user_id, user_prompt, now() FROM interaction_events ORDER BY id LIMIT 7`);
    await switchWalAndWait(url);
    await corruptRelation(env.cluster, 'interaction_events', 2);

    const run = await pitstop(env.sb, [
      'run', 'pg-corruption', '--plain', '--yes', '--confirm', 'orquix',
      '--set', 'app_commands=true', '--set', 'repoint=env-file', '--set', `env_file=${env.envFile}`, '--set', `restore_to=${restoreTo}`,
    ]);
    const out = run.stdout + run.stderr;
    expect(run.exitCode, out).toBe(0);
    const { steps, started } = lastRunSteps(env.sb);
    expect(steps['scope']?.outputs).toMatchObject({ verdict: 'heap', tables: ['public.interaction_events'] });
    expect(started.has('reindex')).toBe(false);
    // A commit follows the restore point in the archive: the restore stops at the time, not at the end.
    expect(steps['restore-point']?.outputs).toMatchObject({ quiet: false, target_time: restoreTo, target_lsn: '' });
    expect(started.has('restore-to-end')).toBe(false);
    expect(steps['restore']?.status).toBe('succeeded');
    expect(steps['check-copy']?.outputs).toMatchObject({ verdict: 'clean', tables_read: 6 });
    // Every table of the copy counted, whatever the schema: the six seed tables, the events among their rows.
    expect(steps['validate-copy']?.outputs).toMatchObject({ tables: 6, empty_tables: 0 });
    expect(Number(steps['validate-copy']?.outputs?.['rows'])).toBeGreaterThan(truth.length);
    expect(steps['cutover-socket']?.status).toBe('succeeded');
    expect(started.has('cutover-tcp')).toBe(false);

    // The copy: exactly the rows committed before the restore point.
    const copyUrl = String(steps['restore']!.outputs!['url']);
    expect(await ids(copyUrl)).toEqual(truth);
    // The app now points at the copy; the old file is kept; the damaged cluster is still there.
    const socket = String(steps['restore']!.outputs!['socket_dir']);
    const port = String(steps['restore']!.outputs!['port']);
    expect(readFileSync(env.envFile, 'utf8')).toBe(`DATABASE_URL=postgresql://postgres:${PASSWORD}@/postgres?host=${socket}&port=${port}\nLOG_LEVEL=info\n`);
    expect(readFileSync(`${env.envFile}.bak`, 'utf8')).toContain(`port=${env.cluster.port}`);
    expect(existsSync(join(env.cluster.dataDir, 'PG_VERSION'))).toBe(true);
    // Stopped once, by the runbook's own first step: the cutover does not stop it again.
    expect(readFileSync(env.calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'migrate', 'start']);
    expect(out).not.toContain(PASSWORD);
  });

  it('a damaged index alone takes the REINDEX path: indexes-only, REINDEX, clean afterwards, no restore', async () => {
    const env = await setup();
    const url = env.cluster.url();
    const before = await ids(url);
    await corruptRelation(env.cluster, 'interaction_events_project_created_idx', 1);

    const run = await pitstop(env.sb, ['run', 'pg-corruption', '--plain', '--yes', '--confirm', 'orquix', '--set', 'app_commands=true']);
    const out = run.stdout + run.stderr;
    expect(run.exitCode, out).toBe(0);
    const { steps, started } = lastRunSteps(env.sb);
    expect(steps['scope']?.outputs).toMatchObject({ verdict: 'indexes-only', indexes: ['public.interaction_events_project_created_idx'] });
    expect(steps['reindex']?.outputs?.['reindexed']).toEqual(['public.interaction_events_project_created_idx']);
    expect(steps['recheck']?.outputs?.['verdict']).toBe('clean');
    expect(steps['final-check']?.status).toBe('succeeded');
    for (const id of ['restore-to', 'restore', 'check-copy', 'cutover-socket', 'aftercare']) expect(started.has(id), id).toBe(false);
    expect(existsSync(`${env.envFile}.bak`)).toBe(false);
    expect(await ids(url)).toEqual(before);
    expect(readFileSync(env.calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'start']);
  });

  it('without --confirm the REINDEX waits at its typed gate (exit 3) and nothing is rebuilt', async () => {
    const env = await setup();
    await corruptRelation(env.cluster, 'projects_user_id_idx', 0);
    const run = await pitstop(env.sb, ['run', 'pg-corruption', '--plain', '--yes']);
    const out = run.stdout + run.stderr;
    expect(run.exitCode, out).toBe(3);
    const { steps, started } = lastRunSteps(env.sb);
    expect(steps['scope']?.outputs?.['verdict']).toBe('indexes-only');
    expect(started.has('reindex')).toBe(false);
    expect(out).toMatch(/typed|confirm/i);
  });

  it('a restore point without a UTC offset is refused before anything runs (timezone trap)', async () => {
    const env = await setup();
    const run = await pitstop(env.sb, ['run', 'pg-corruption', '--plain', '--yes', '--confirm', 'orquix', '--set', 'restore_to=2026-11-27T03:10:00']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/restore_to: .*offset/i);
    expect(existsSync(join(env.sb.home, 'runs'))).toBe(false);
  });
});
