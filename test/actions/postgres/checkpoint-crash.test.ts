import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CUTOVER_STAGES } from '../../../src/actions/postgres/cutover-stages.js';
import { PITR_STAGES } from '../../../src/actions/postgres/pitr-stages.js';
import { stopServer } from '../../../src/postgres/cluster.js';
import { pgBinDir } from '../../../src/postgres/pg-bin.js';
import { PAUSE_AFTER_CHECKPOINT_ENV } from '../../../src/runner/execute.js';
import { pitstop, readJournalEvents, spawnPitstop } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/procs.js';
import { pgRunbookEnv, type PgRunbookEnv } from './runbook-env.js';
import { serverTime, switchWalAndWait } from './server-helpers.js';

/**
 * Acceptance (issue 9, checkpoints): a run killed with SIGKILL right after each checkpoint of
 * postgres.pitr and postgres.cutover, on a real cluster, then `pitstop resume`: the action
 * continues from the stage after the checkpoint, production ends correct, and no stage ran
 * twice. The test-only hook PITSTOP_TEST_PAUSE_AFTER_CHECKPOINT holds the action right after
 * the named checkpoint is journaled, so the kill lands exactly there (never a sleep).
 */
const PASSWORD = 'Ckpt-app-Passw0rd';
let env: PgRunbookEnv;
let restoreTo: string;
let truth: number[];
let envText: string;

const RUNBOOK = {
  id: 'checkpoint-crash',
  title: 'Restore and cut over (checkpoint crash test)',
  scenario: 'corruption',
  engine: 'postgres',
  params: { restore_to: { type: 'timestamp', required: true }, env_file: { type: 'path', required: true } },
  steps: [
    { id: 'restore', kind: 'action', action: 'postgres.pitr', with: { target_time: '{{ params.restore_to }}' } },
    {
      id: 'cutover',
      kind: 'action',
      action: 'postgres.cutover',
      with: { env_file: '{{ params.env_file }}', host: '{{ steps.restore.outputs.socket_dir }}', port: '{{ steps.restore.outputs.port }}' },
      gate: { type: 'typed', phrase: '{{ target.name }}' },
    },
  ],
};

const ids = async (url: string): Promise<number[]> =>
  (await queryOnce<{ id: string }>(url, 'SELECT id FROM interaction_events ORDER BY id')).map((r) => Number(r.id));
const runsDir = (): string => join(env.sb.home, 'runs');
const runIds = (): string[] => (existsSync(runsDir()) ? readdirSync(runsDir()) : []);

beforeAll(async () => {
  env = await pgRunbookEnv({ password: PASSWORD, rows: 300 });
  const url = env.cluster.url();
  // Written after the base backup (only the WAL archive has them), before the restore point.
  await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt, created_at)
                        SELECT project_id, user_id, user_prompt, now() FROM interaction_events ORDER BY id LIMIT 40`);
  truth = await ids(url);
  restoreTo = await serverTime(url);
  // After the restore point: must not come back.
  await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt, created_at)
                        SELECT project_id, user_id, user_prompt, now() FROM interaction_events ORDER BY id LIMIT 3`);
  await switchWalAndWait(url);
  mkdirSync(join(env.sb.cwd, 'runbooks'), { recursive: true });
  writeFileSync(join(env.sb.cwd, 'runbooks', 'checkpoint-crash.yaml'), stringify(RUNBOOK));
  envText = readFileSync(env.envFile, 'utf8');
}, 180_000);

afterAll(async () => {
  // Copies of runs that did not finish are named only by their checkpoints.
  for (const run of runIds()) {
    for (const e of readJournalEvents(join(runsDir(), run))) {
      const dataDir = e['type'] === 'step/checkpoint' ? e['outputs']?.['data_dir'] : undefined;
      if (typeof dataDir === 'string' && existsSync(join(dataDir, 'postmaster.pid'))) await stopServer(pgBinDir(), dataDir);
    }
  }
  await env?.cleanup();
}, 120_000);

const cases = [...PITR_STAGES.map((s) => ['restore', s] as const), ...CUTOVER_STAGES.map((s) => ['cutover', s] as const)];

describe('a crash (kill -9) right after each checkpoint, then resume', () => {
  it.each(cases)('%s killed after stage %s: continues from the next stage, nothing repeated, production correct', async (stepId, stage) => {
    // Each case: the app on the old production, a fresh record of app commands.
    writeFileSync(env.envFile, envText, { mode: 0o600 });
    writeFileSync(env.calls, '');
    const before = new Set(runIds());
    const args = ['--set', `restore_to=${restoreTo}`, '--set', `env_file=${env.envFile}`];
    const child = spawnPitstop({ ...env.sb, env: { ...env.sb.env, [PAUSE_AFTER_CHECKPOINT_ENV]: stage } }, [
      'run', 'checkpoint-crash', '--plain', '--yes', '--confirm', 'orquix', ...args,
    ]);
    let runDir = '';
    const reached = (): boolean => {
      const id = runIds().find((r) => !before.has(r));
      if (!id || !existsSync(join(runsDir(), id, 'journal.jsonl'))) return false;
      runDir = join(runsDir(), id);
      return readJournalEvents(runDir).some((e) => e['type'] === 'step/checkpoint' && e['stepId'] === stepId && e['name'] === stage);
    };
    await waitFor(reached, `checkpoint ${stage} of ${stepId} journaled`, 120_000);
    child.kill('SIGKILL');
    await child;
    const crashed = readJournalEvents(runDir);
    expect(crashed.at(-1)).toMatchObject({ type: 'step/checkpoint', stepId, name: stage });

    // The history says where the run stopped.
    const runs = await pitstop(env.sb, ['runs']);
    expect(runs.stdout).toContain(`${crashed[0]!['runId']}: ${stepId} stopped after stage ${stage}`);

    const resumed = await pitstop(env.sb, ['resume', crashed[0]!['runId'], '--plain', '--yes', '--confirm', 'orquix', '--confirm', 'rerun cutover']);
    const out = resumed.stdout + resumed.stderr;
    expect(resumed.exitCode, out).toBe(0);
    expect(out).toContain(`continuing after stage ${stage}`);

    const events = readJournalEvents(runDir);
    for (const [id, stages] of [['restore', PITR_STAGES], ['cutover', CUTOVER_STAGES]] as const) {
      const journaled = events.filter((e) => e['type'] === 'step/checkpoint' && e['stepId'] === id);
      // Every stage exactly once, in order: nothing done before the crash was done again.
      expect(journaled.map((e) => e['name']), id).toEqual([...stages]);
      if (id !== stepId) continue;
      const cut = stages.indexOf(stage as never) + 1;
      expect(journaled.map((e) => e['attempt'])).toEqual(stages.map((_, i) => (i < cut ? 1 : 2)));
    }
    // The report lists the stages in the step's timeline.
    const report = await pitstop(env.sb, ['report', crashed[0]!['runId'], '--format', 'md']);
    expect(report.stdout).toContain(`${stepId}: stage ${stage} done (attempt 1)`);
    // The app was stopped, migrated and started once each.
    expect(readFileSync(env.calls, 'utf8').split('\n').filter(Boolean)).toEqual(['stop', 'migrate', 'start']);

    // Production is the copy: the app points at it, it is promoted, it has exactly the rows before the restore point.
    const restore = events.find((e) => e['type'] === 'step/finished' && e['stepId'] === 'restore' && e['status'] === 'succeeded')!;
    const { url = '', socket_dir: socket, port } = restore['outputs'] as Record<string, string>;
    expect(readFileSync(env.envFile, 'utf8')).toBe(`DATABASE_URL=postgresql://postgres:${PASSWORD}@/postgres?host=${socket}&port=${port}\nLOG_LEVEL=info\n`);
    expect(await queryOnce(url, 'SELECT pg_is_in_recovery() AS r')).toEqual([{ r: false }]);
    expect(await ids(url)).toEqual(truth);
  }, 240_000);
});
