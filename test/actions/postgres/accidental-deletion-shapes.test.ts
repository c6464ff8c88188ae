import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { pgBinDir } from '../../../src/postgres/pg-bin.js';
import { pitstop, readJournalEvents, type Sandbox } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { finished } from '../libsql/cli-target.js';
import { makePgContext, runPg, stopCopiesOfRuns } from './physical-helpers.js';
import { archivedClusterProject } from './runbook-env.js';

/**
 * pg-accidental-deletion through the built CLI on tables that are not one-key tables: a table
 * that cannot be matched is refused by the plan step before anything is restored; a two-level
 * ON DELETE CASCADE comes back whole without being named; pgbench's own history table (no
 * key, exact duplicates) comes back as a multiset.
 */
let cluster: Cluster;
let sandbox: Sandbox;
const sql = <T extends Record<string, unknown>>(q: string) => queryOnce<T>(cluster.url(), q);

beforeAll(async () => {
  ({ cluster, sandbox } = await archivedClusterProject());
}, 120_000);

afterAll(async () => {
  if (sandbox) await stopCopiesOfRuns(sandbox.home);
  await cluster?.destroy();
  if (sandbox) rmSync(sandbox.cwd, { recursive: true, force: true });
});

async function serverNow(): Promise<string> {
  const [row] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
  return row!.t;
}

function runIdOf(output: string): string {
  return /pitstop (?:resume|report) (\S+)/.exec(output)![1]!;
}

/** Each distinct row with how many times the table has it. */
async function multiset(table: string): Promise<Map<string, number>> {
  const rows = await sql<{ r: string; n: number }>(`SELECT t::text AS r, count(*)::int AS n FROM ${table} t GROUP BY 1`);
  return new Map(rows.map((x) => [x.r, x.n]));
}

async function pgbench(...args: string[]): Promise<void> {
  await execa(join(pgBinDir(), 'pgbench'), [...args, 'postgres'], { env: { ...process.env, ...cluster.env }, stdin: 'ignore' });
}

describe('pg-accidental-deletion: the plan decides before the restore', () => {
  it('refuses a table without a key that has a point column at plan-copy-back: nothing found, nothing restored', async () => {
    await sql('CREATE TABLE sightings (seen_at timestamptz, place point)');
    await sql(`INSERT INTO sightings SELECT now(), point(g, g) FROM generate_series(1, 10) g`);
    const run = await pitstop(sandbox, [
      'run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', '--confirm', 'orquix',
      '--set', `incident_at=${await serverNow()}`, '--set', 'table=sightings',
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/sightings cannot be matched: .*column place \(point\) has no equality/);
    const events = readJournalEvents(join(sandbox.home, 'runs', runIdOf(run.stdout + run.stderr)));
    const started = events.filter((e) => e['type'] === 'step/started').map((e) => e['stepId']);
    expect(started).toContain('plan-copy-back');
    expect(started).not.toContain('find-transaction');
    expect(started).not.toContain('restore-copy');
  }, 60_000);

  it('brings back pgbench_history (no key, exact duplicates) as a multiset; rows written after kept; a second copy-back inserts nothing', async () => {
    await pgbench('-i', '-s', '1', '-q');
    const backup = await pitstop(sandbox, ['run', 'pg-backup-base', '--target', 'orquix', '--plain', '--yes']);
    expect(backup.exitCode, backup.stdout + backup.stderr).toBe(0);
    await pgbench('-t', '300', '-n');
    // Exact duplicates: a third of the rows twice over.
    await sql('INSERT INTO pgbench_history SELECT * FROM pgbench_history WHERE aid % 3 = 0');
    const truth = await multiset('pgbench_history');
    const t = await serverNow();
    // One DELETE: every copy of the even aids, and one copy of each duplicated row.
    await sql(`DELETE FROM pgbench_history WHERE aid % 2 = 0 OR ctid IN
                 (SELECT DISTINCT ON (tid, bid, aid, delta, mtime) ctid FROM pgbench_history WHERE aid % 3 = 0 ORDER BY tid, bid, aid, delta, mtime)`);
    const afterDelete = await multiset('pgbench_history');
    await pgbench('-t', '50', '-n');
    const written = await multiset('pgbench_history');
    const expected = new Map(truth);
    for (const [row, n] of written) {
      const since = n - (afterDelete.get(row) ?? 0);
      if (since > 0) expected.set(row, (expected.get(row) ?? 0) + since);
    }

    const args = ['--set', `incident_at=${t}`, '--set', 'table=pgbench_history', '--set', 'batch_size=100'];
    // No --confirm: the run stops at the copy-back's gate with the copy running.
    const stopped = await pitstop(sandbox, ['run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', ...args]);
    expect(stopped.exitCode, stopped.stdout + stopped.stderr).toBe(3);
    const runId = runIdOf(stopped.stdout + stopped.stderr);
    // No --yes: the run copies back, validates, then stops at stop-copy's confirmation.
    const resumed = await pitstop(sandbox, ['resume', runId, '--plain', '--confirm', 'orquix']);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(3);
    const steps = finished(sandbox, `pitstop report ${runId}`);
    expect(steps['plan-copy-back']?.outputs).toMatchObject({ strategy: 'no-key', summary: 'no key: rows matched on all columns, as a multiset', tables: 'pgbench_history' });
    expect(steps['find-transaction']?.outputs).toMatchObject({ operation: 'DELETE' });
    const deleted = [...truth.values()].reduce((a, b) => a + b, 0) - [...afterDelete.values()].reduce((a, b) => a + b, 0);
    expect(steps['copy-back']?.outputs).toMatchObject({ strategy: 'no-key', copied: deleted, copied_pgbench_history: deleted, conflicts: 0 });
    expect(steps['validate-production']?.status).toBe('succeeded');
    expect(await multiset('pgbench_history')).toEqual(expected);

    const ctx = makePgContext({ name: 'orquix', engine: 'postgres', url: cluster.url(), secrets: [] }, { oneConnectionPerDatabase: true });
    try {
      ctx.restored = { engine: 'postgres', url: String(steps['restore-copy']?.outputs?.['url']) };
      const again = await runPg(copyRowsAction, { table: 'pgbench_history' }, ctx);
      expect(again.outputs).toMatchObject({ copied_total: 0 });
    } finally {
      await ctx.close();
    }
    expect(await multiset('pgbench_history')).toEqual(expected);
    const done = await pitstop(sandbox, ['resume', runId, '--plain', '--yes']);
    expect(done.exitCode, done.stdout + done.stderr).toBe(0);
  }, 300_000);
});
