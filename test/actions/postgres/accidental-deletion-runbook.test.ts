import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { pitstop, type Sandbox } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { finished } from '../libsql/cli-target.js';
import { stopCopiesOfRuns } from './physical-helpers.js';
import { archivedClusterProject } from './runbook-env.js';

/**
 * pg-accidental-deletion end to end through the built CLI, headless: 100k rows, a verified
 * base backup (pg-backup-base), more writes, a DELETE of a subset at T, more writes after it.
 * The runbook finds the transaction, restores a copy to just before it, and copies the rows
 * back: production ends with every row it had before the DELETE and every row written
 * after it, none twice.
 */
let cluster: Cluster;
let sandbox: Sandbox;
const sql = <T extends Record<string, unknown>>(q: string, p: unknown[] = []) => queryOnce<T>(cluster.url(), q, p);

beforeAll(async () => {
  ({ cluster, sandbox } = await archivedClusterProject());
  await sql('CREATE TABLE interaction_events (id bigserial PRIMARY KEY, user_id int NOT NULL, payload jsonb, happened_at timestamptz NOT NULL DEFAULT clock_timestamp())');
  await sql(`INSERT INTO interaction_events (user_id, payload) SELECT g % 500, jsonb_build_object('n', g, 'text', 'événement ' || g) FROM generate_series(1, 100000) g`);
}, 120_000);

afterAll(async () => {
  // A test that failed half-way may have left its copy running.
  if (sandbox) await stopCopiesOfRuns(sandbox.home);
  await cluster?.destroy();
  if (sandbox) rmSync(sandbox.cwd, { recursive: true, force: true });
});

async function ids(): Promise<number[]> {
  return (await sql<{ id: string }>('SELECT id FROM interaction_events ORDER BY id')).map((r) => Number(r.id));
}

describe('pg-accidental-deletion, headless through the CLI', () => {
  it('restores a copy to just before the DELETE and copies the rows back; later writes kept, nothing twice', async () => {
    const backup = await pitstop(sandbox, ['run', 'pg-backup-base', '--target', 'orquix', '--plain', '--yes']);
    expect(backup.exitCode, backup.stdout + backup.stderr).toBe(0);

    // Writes between the base backup and the incident: only WAL replay brings them back.
    await sql(`INSERT INTO interaction_events (user_id, payload) SELECT 7, jsonb_build_object('late', g) FROM generate_series(1, 1000) g`);
    const [now0] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') AS t`);
    const t = now0!.t;
    const before = await ids();
    await sql('DELETE FROM interaction_events WHERE user_id = 42 OR (id > 100500 AND id <= 100600)');
    // Writes after the incident: new rows, which the copy does not have and must survive.
    await sql(`INSERT INTO interaction_events (user_id, payload) SELECT 9, jsonb_build_object('after', g) FROM generate_series(1, 300) g`);
    const afterIds = (await ids()).filter((id) => !before.includes(id));
    expect(afterIds).toHaveLength(300);
    const deleted = before.length - (await ids()).length + afterIds.length;
    expect(deleted).toBe(200 + 100);

    const run = await pitstop(sandbox, [
      'run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', '--confirm', 'orquix',
      '--set', `incident_at=${t}`, '--set', 'table=interaction_events', '--set', 'remove_copy=true',
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const steps = finished(sandbox, run.stdout + run.stderr);
    expect(steps['find-transaction']?.outputs).toMatchObject({ operation: 'DELETE', rows_deleted: 300 });
    expect(steps['restore-copy']?.outputs?.['stop_xid']).toBe(steps['find-transaction']?.outputs?.['xid']);
    expect(steps['copy-back']?.outputs).toMatchObject({ copied: 300, conflicts: 0 });
    expect(steps['copy-back']?.outputs?.['already_present']).toBe(before.length - 300);

    const now = await ids();
    expect(now).toEqual([...before, ...afterIds].sort((a, b) => a - b));
    // A copied row is the row it was, values and all.
    const [row] = await sql<{ payload: unknown; user_id: number }>('SELECT payload, user_id FROM interaction_events WHERE id = 100550');
    expect(row).toEqual({ payload: { late: 550 }, user_id: 7 });
    // The sequence is ahead of every key: the application can insert again.
    const [next] = await sql<{ id: string }>("INSERT INTO interaction_events (user_id) VALUES (1) RETURNING id");
    expect(Number(next!.id)).toBeGreaterThan(Math.max(...now));

    // The copy was stopped and removed; nothing is left running.
    expect(steps['stop-copy']?.outputs).toMatchObject({ was_running: true, removed: true });
    expect(existsSync(String(steps['restore-copy']?.outputs?.['data_dir']))).toBe(false);
  }, 240_000);

  it('stops at the typed gate without --confirm (production untouched, the copy kept), and resume finishes on the same copy', async () => {
    const [now0] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
    const before = await ids();
    await sql('DELETE FROM interaction_events WHERE user_id = 43');
    const afterDelete = await ids();
    expect(before.length - afterDelete.length).toBe(200);

    const args = ['--set', `incident_at=${now0!.t}`, '--set', 'table=interaction_events', '--set', 'remove_copy=true'];
    const stopped = await pitstop(sandbox, ['run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', ...args]);
    expect(stopped.exitCode, stopped.stdout + stopped.stderr).toBe(3);
    expect(stopped.stderr).toContain('copy-back');
    expect(await ids()).toEqual(afterDelete);
    const runId = /pitstop resume (\S+)/.exec(stopped.stdout + stopped.stderr)![1]!;
    const steps = finished(sandbox, `pitstop report ${runId}`);
    const dataDir = String(steps['restore-copy']?.outputs?.['data_dir']);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--yes', '--confirm', 'orquix']);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(await ids()).toEqual(before);
    expect(existsSync(dataDir)).toBe(false);
  }, 240_000);

  it('undoes a TRUNCATE the same way: every row back, rows written since kept', async () => {
    const [now0] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
    const before = await ids();
    await sql('TRUNCATE interaction_events');
    await sql(`INSERT INTO interaction_events (user_id) SELECT 5 FROM generate_series(1, 10)`);
    const since = await ids();
    const run = await pitstop(sandbox, [
      'run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', '--confirm', 'orquix',
      '--set', `incident_at=${now0!.t}`, '--set', 'table=interaction_events', '--set', 'remove_copy=true', '--set', 'batch_size=10000',
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const steps = finished(sandbox, run.stdout + run.stderr);
    expect(steps['find-transaction']?.outputs).toMatchObject({ operation: 'TRUNCATE' });
    expect(steps['copy-back']?.outputs).toMatchObject({ copied: before.length, already_present: 0 });
    expect(await ids()).toEqual([...before, ...since].sort((a, b) => a - b));
  }, 240_000);

  it('fails the run with the reason when nothing was deleted after the given time, before any restore', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const run = await pitstop(sandbox, [
      'run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', '--confirm', 'orquix',
      '--set', `incident_at=${future}`, '--set', 'table=interaction_events',
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/no DELETE, TRUNCATE or DROP of interaction_events committed after/);
    const steps = finished(sandbox, `pitstop report ${/pitstop resume (\S+)/.exec(run.stdout + run.stderr)![1]}`);
    expect(steps['restore-copy']).toBeUndefined();
  }, 60_000);

  it('copies back a two-level ON DELETE CASCADE it found without being told, parents first, counted per table', async () => {
    await sql('CREATE TABLE event_notes (id serial PRIMARY KEY, event_id bigint NOT NULL REFERENCES interaction_events ON DELETE CASCADE, note text)');
    // The grandchild has no key: its rows come back as a multiset, duplicates included.
    await sql('CREATE TABLE note_reactions (note_id int NOT NULL REFERENCES event_notes ON DELETE CASCADE, emoji text)');
    await sql("INSERT INTO event_notes (event_id, note) SELECT id, 'note ' || id FROM interaction_events WHERE user_id IN (44, 45)");
    await sql("INSERT INTO note_reactions SELECT id, e FROM event_notes, unnest(ARRAY['👍', '👍', 'é']) e");
    const notesBefore = await sql<{ id: number; event_id: string }>('SELECT id, event_id FROM event_notes ORDER BY id');
    const reactionsBefore = await sql('SELECT note_id, emoji, count(*)::int AS n FROM note_reactions GROUP BY 1, 2 ORDER BY 1, 2');
    const [now0] = await sql<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
    const before = await ids();
    await sql('DELETE FROM interaction_events WHERE user_id = 44');
    expect((await sql('SELECT id FROM event_notes')).length).toBe(notesBefore.length / 2);

    const run = await pitstop(sandbox, [
      'run', 'pg-accidental-deletion', '--target', 'orquix', '--plain', '--yes', '--confirm', 'orquix',
      '--set', `incident_at=${now0!.t}`, '--set', 'table=interaction_events', '--set', 'remove_copy=true',
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const steps = finished(sandbox, run.stdout + run.stderr);
    expect(steps['plan-copy-back']?.outputs).toMatchObject({ tables: 'interaction_events, event_notes, note_reactions', children: 'event_notes, note_reactions', strategy_note_reactions: 'no-key' });
    expect(steps['copy-back']?.outputs).toMatchObject({
      copied: 200, copied_event_notes: notesBefore.length / 2, copied_note_reactions: notesBefore.length / 2 * 3, conflicts: 0,
      tables: 'interaction_events, event_notes, note_reactions',
    });
    expect(await ids()).toEqual(before);
    expect(await sql('SELECT id, event_id FROM event_notes ORDER BY id')).toEqual(notesBefore);
    expect(await sql('SELECT note_id, emoji, count(*)::int AS n FROM note_reactions GROUP BY 1, 2 ORDER BY 1, 2')).toEqual(reactionsBefore);
  }, 240_000);
});
