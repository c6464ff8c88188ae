import { afterAll, describe, expect, it } from 'vitest';
import { onlyRunDir, pitstop, readJournalEvents } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { lastRunSteps, pgRunbookEnv, type PgRunbookEnv } from './runbook-env.js';
import { corruptRelation, serverTime, switchWalAndWait } from './server-helpers.js';

/**
 * pg-corruption in a quiet database: the damage is found after the last write, so no commit
 * follows the restore point in the WAL archive (PostgreSQL would never reach a time target).
 */
const PASSWORD = 'app-S3cret-pw';
let env: PgRunbookEnv | undefined;
afterAll(async () => {
  await env?.cleanup();
});

const ids = async (url: string): Promise<number[]> =>
  (await queryOnce<{ id: string }>(url, 'SELECT id FROM interaction_events ORDER BY id')).map((r) => Number(r.id));

describe('pg-corruption on a quiet database', () => {
  it('nothing committed after the restore point: restored to the end of the archive, every committed row back, shown and journaled', async () => {
    env = await pgRunbookEnv({ password: PASSWORD });
    const url = env.cluster.url();
    // Before the restore point, everything that would otherwise commit later: amcheck (the
    // scope installs it) and fresh statistics (no autoanalyze commit afterwards).
    await queryOnce(url, 'CREATE EXTENSION amcheck');
    for (let i = 0; i < 3; i += 1) {
      await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt, created_at)
                            SELECT project_id, user_id, 'last writes ' || $1, now() FROM interaction_events ORDER BY id LIMIT 40`, [i]);
    }
    await queryOnce(url, 'ANALYZE');
    const truth = await ids(url);
    const [lastCommit] = await queryOnce<{ t: string }>(url, `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS t`);
    await switchWalAndWait(url);
    const restoreTo = await serverTime(url);
    await corruptRelation(env.cluster, 'interaction_events', 1);

    const run = await pitstop(env.sb, [
      'run', 'pg-corruption', '--plain', '--yes', '--confirm', 'orquix', '--set', 'repoint=by-hand', '--set', `restore_to=${restoreTo}`,
    ]);
    const out = run.stdout + run.stderr;
    expect(run.exitCode, out).toBe(0);
    const { steps } = lastRunSteps(env.sb);
    expect(steps['scope']?.outputs?.['verdict']).toBe('heap');
    const point = steps['restore-point']?.outputs ?? {};
    expect(point).toMatchObject({ quiet: true, target_time: '', inclusive: true, first_commit_after: null });
    expect(String(point['archive_last_commit']).slice(0, 19) <= new Date(restoreTo).toISOString().slice(0, 19)).toBe(true);
    expect(String(point['archive_last_commit']).slice(0, 16)).toBe(lastCommit!.t.slice(0, 16));
    expect(String(point['plan'])).toMatch(/nothing was committed after .*restoring to the end of the archive/);
    // Shown at its own gate (approved by --yes), with where the archive's last commit is.
    const answered = readJournalEvents(onlyRunDir(env.sb)).filter((e) => e['type'] === 'gate/answered' && e['stepId'] === 'restore-to-end');
    expect(answered).toMatchObject([{ approved: true }]);
    expect(out).toContain(String(point['plan']));
    expect(out).toMatch(/gate of restore-to-end approved/);
    expect(steps['restore']?.status).toBe('succeeded');
    expect(steps['check-copy']?.outputs?.['verdict']).toBe('clean');
    expect(steps['validate-copy']?.outputs).toMatchObject({ tables: 6, missing_tables: 0 });
    expect(await ids(String(steps['restore']!.outputs!['url']))).toEqual(truth);
  });
});
