import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basebackupAction } from '../../../src/actions/postgres/basebackup.js';
import { pitrAction } from '../../../src/actions/postgres/pitr.js';
import { promoteRestoredAction } from '../../../src/actions/postgres/promote-restored.js';
import { stopRestoredAction } from '../../../src/actions/postgres/stop-restored.js';
import { walArchiveCheckAction } from '../../../src/actions/postgres/wal-archive-check.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { clusterTarget, makePgContext, type PgTestContext, runPg, tempDir } from './physical-helpers.js';

/**
 * postgres.basebackup and postgres.pitr on a real primary whose timezone is not UTC
 * (pitfalls: timezone trap), with a real WAL archive.
 */
let cluster: Cluster;
let backups: string;
const contexts: PgTestContext[] = [];

beforeAll(async () => {
  cluster = await startCluster({ timezone: 'America/Mexico_City' });
  backups = tempDir('pitstop-backups-');
  await queryOnce(cluster.url(), 'CREATE TABLE items (id serial PRIMARY KEY, note text NOT NULL)');
  await queryOnce(cluster.url(), "INSERT INTO items (note) SELECT 'before backup ' || g FROM generate_series(1, 1000) g");
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await cluster?.destroy();
  if (backups) rmSync(backups, { recursive: true, force: true });
});

function context(): PgTestContext {
  const ctx = makePgContext(clusterTarget(cluster, backups));
  contexts.push(ctx);
  return ctx;
}

const sql = (q: string, p: unknown[] = []) => queryOnce(cluster.url(), q, p);
/** The server's clock as the operator would read it there: local time of the primary with its offset. */
async function serverNow(): Promise<{ local: string; withOffset: string }> {
  const [row] = await sql(`SELECT to_char(clock_timestamp(), 'YYYY-MM-DD"T"HH24:MI:SS.US') AS local, to_char(clock_timestamp(), 'OF') AS off`);
  const local = String(row!['local']);
  return { local, withOffset: `${local}${String(row!['off'])}:00` };
}

describe('postgres.basebackup', () => {
  it('writes a verified base backup with its record and finds no gap in the archive since it', async () => {
    const ctx = context();
    const out = await runPg(basebackupAction, {}, ctx);
    expect(out.outputs['verified']).toBe(true);
    const path = String(out.outputs['path']);
    expect(existsSync(join(path, 'backup_label'))).toBe(true);
    expect(existsSync(join(path, 'pitstop-backup.json'))).toBe(true);
    expect(out.outputs['start_lsn']).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(out.outputs['archive_missing']).toBe(0);
    expect(out.evidence!.every((e) => e.pass)).toBe(true);
    expect(readdirSync(join(backups, 'base')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('reports a gap in the WAL archive since the newest base backup as failing evidence', async () => {
    const gappy = tempDir('pitstop-backups-');
    const ctx = makePgContext(clusterTarget(cluster, gappy));
    contexts.push(ctx);
    const backup = await runPg(basebackupAction, {}, ctx);
    const clean = await runPg(walArchiveCheckAction, {}, ctx);
    expect(clean.evidence![0]!.pass).toBe(true);
    // Lose a segment the backup needs: every moment after it is unreachable now.
    const start = String(backup.outputs['start_wal']);
    const kept = join(gappy, start);
    renameSync(join(cluster.archiveDir!, start), kept);
    try {
      const out = await runPg(walArchiveCheckAction, {}, ctx);
      expect(out.outputs['missing_segments']).toEqual([start]);
      expect(out.evidence![0]).toMatchObject({ pass: false, actual: expect.stringContaining(start) });
    } finally {
      renameSync(kept, join(cluster.archiveDir!, start));
      rmSync(gappy, { recursive: true, force: true });
    }
  });

  it('fails clearly when the archiver does not archive', async () => {
    const ctx = context();
    await sql("ALTER SYSTEM SET archive_command = 'false'");
    await sql('SELECT pg_reload_conf()');
    await sql('CREATE TABLE archiver_noise AS SELECT 1 AS x');
    try {
      await expect(runPg(walArchiveCheckAction, { archive_timeout: 2 }, ctx)).rejects.toThrow(/was not archived within 2 s .*last failed/);
    } finally {
      await sql('ALTER SYSTEM RESET archive_command');
      await sql('SELECT pg_reload_conf()');
    }
  });
});

describe('postgres.pitr from a base backup and the WAL archive', () => {
  let incident: { local: string; withOffset: string };
  let incidentLsn: string;

  beforeAll(async () => {
    await runPg(basebackupAction, {}, context());
    await sql("INSERT INTO items (note) SELECT 'after backup ' || g FROM generate_series(1, 100) g");
    await new Promise((r) => setTimeout(r, 50));
    incident = await serverNow();
    const [lsn] = await sql('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    incidentLsn = String(lsn!['lsn']);
    await new Promise((r) => setTimeout(r, 50));
    await sql("INSERT INTO items (note) SELECT 'after incident ' || g FROM generate_series(1, 100) g");
    await sql('SELECT pg_switch_wal()');
  });

  it('refuses a target time without an offset, before anything starts', async () => {
    const ctx = context();
    await expect(runPg(pitrAction, { target_time: incident.local }, ctx)).rejects.toThrow(/no UTC offset.*own timezone/);
    expect(existsSync(join(ctx.runDir, 'restore'))).toBe(false);
  });

  it('with the offset of a primary in America/Mexico_City, restores exactly to the time', async () => {
    const ctx = context();
    const out = await runPg(pitrAction, { target_time: incident.withOffset }, ctx);
    const rows = await queryOnce<{ n: string; before: string; after: string }>(ctx.restored!.url,
      "SELECT count(*) AS n, count(*) FILTER (WHERE note LIKE 'after backup%') AS before, count(*) FILTER (WHERE note LIKE 'after incident%') AS after FROM items");
    expect(rows[0]).toEqual({ n: '1100', before: '100', after: '0' });
    expect(out.outputs['timeline']).toBe(2);
    expect(out.outputs['replay_lsn']).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(String(out.outputs['stopped_at'])).toMatch(/recovery stopping before commit of transaction \d+/);
    expect(await queryOnce(ctx.restored!.url, 'SELECT pg_is_in_recovery() AS r')).toEqual([{ r: false }]);
    // The copy never archives: production's archive must not get a timeline 2.
    expect(readdirSync(cluster.archiveDir!).some((n) => n.startsWith('00000002'))).toBe(false);
    const stopped = await stopRestoredAction.run({ data_dir: String(out.outputs['data_dir']), remove: false }, ctx);
    expect(stopped.outputs['was_running']).toBe(true);
    expect(existsSync(join(String(out.outputs['data_dir']), 'postmaster.pid'))).toBe(false);
  });

  it('pauses at the target read-only with promote: false, and postgres.promote-restored ends recovery there', async () => {
    const ctx = context();
    const out = await runPg(pitrAction, { target_time: incident.withOffset, promote: false }, ctx);
    expect(out.outputs).toMatchObject({ promoted: false, timeline: 1 });
    const url = ctx.restored!.url;
    expect(await queryOnce(url, 'SELECT pg_is_in_recovery() AS r, pg_get_wal_replay_pause_state() AS p')).toEqual([{ r: true, p: 'paused' }]);
    expect(await queryOnce(url, 'SELECT count(*)::int AS n FROM items')).toEqual([{ n: 1100 }]);
    await expect(queryOnce(url, "INSERT INTO items (note) VALUES ('x')")).rejects.toThrow(/read-only/);
    await expect(promoteRestoredAction.run({ data_dir: cluster.dataDir, timeout: 5 }, ctx)).rejects.toThrow(/not a copy restored by pitstop/);

    const promoted = await promoteRestoredAction.run({ data_dir: String(out.outputs['data_dir']), timeout: 60 }, ctx);
    expect(promoted.outputs).toMatchObject({ promoted: true, timeline: 2 });
    expect(await queryOnce(url, 'SELECT pg_is_in_recovery() AS r, count(*)::int AS n FROM items')).toEqual([{ r: false, n: 1100 }]);
  });

  it('restores to an LSN: what was written before it, nothing after', async () => {
    const ctx = context();
    const out = await runPg(pitrAction, { target_lsn: incidentLsn }, ctx);
    expect(await queryOnce(ctx.restored!.url, "SELECT count(*)::int AS n, count(*) FILTER (WHERE note LIKE 'after incident%')::int AS after FROM items")).toEqual([{ n: 1100, after: 0 }]);
    expect(String(out.outputs['stopped_at'])).toMatch(/recovery stopping before WAL location/);
  });

  it('running the step again stops the copy an earlier attempt left running', async () => {
    const ctx = context();
    const first = await runPg(pitrAction, { target_time: incident.withOffset }, ctx);
    const second = await runPg(pitrAction, { target_time: incident.withOffset }, ctx);
    expect(second.outputs['data_dir']).not.toBe(first.outputs['data_dir']);
    expect(existsSync(join(String(first.outputs['data_dir']), 'postmaster.pid'))).toBe(false);
    expect(processesUsing(String(first.outputs['data_dir']))).toEqual([]);
    expect(existsSync(join(String(second.outputs['data_dir']), 'postmaster.pid'))).toBe(true);
    // Another run's copy is not this step's business.
    const other = context();
    other.runId = 'another-run';
    const third = await runPg(pitrAction, { target_time: incident.withOffset }, other);
    expect(existsSync(join(String(second.outputs['data_dir']), 'postmaster.pid'))).toBe(true);
    expect(third.outputs['port']).not.toBe(second.outputs['port']);
  });

  it('fails clearly, and leaves no server running, when the target is past the end of the archive', async () => {
    const ctx = context();
    const future = new Date(Date.now() + 3600_000).toISOString();
    await expect(runPg(pitrAction, { target_time: future }, ctx)).rejects.toThrow(/recovery target was not reached: .*; the archive's last commit is at \d{4}-\d{2}-\d{2} /);
    expect(ctx.restored).toBeUndefined();
    const dirs = readdirSync(join(ctx.runDir, 'restore'));
    expect(dirs).toHaveLength(1);
    expect(existsSync(join(ctx.runDir, 'restore', dirs[0]!, 'data'))).toBe(false);
    expect(processesUsing(join(ctx.runDir, 'restore', dirs[0]!, 'data'))).toEqual([]);
  });

  it('stops the copy and keeps its files when the step is cancelled during recovery (the resume continues with it)', async () => {
    const ctx = context();
    const abort = new AbortController();
    ctx.signal = abort.signal;
    const run = ctx.commands.run;
    ctx.commands = {
      run: async (request, inner) => {
        const result = await run(request, inner);
        if (request.argv.includes('start')) abort.abort();
        return result;
      },
    };
    await expect(runPg(pitrAction, { target_time: incident.withOffset }, ctx)).rejects.toThrow(/cancelled/);
    const [dir] = readdirSync(join(ctx.runDir, 'restore'));
    const dataDir = join(ctx.runDir, 'restore', dir!, 'data');
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(processesUsing(dataDir)).toEqual([]);
  });

  it('refuses a target before the oldest base backup before anything starts', async () => {
    const ctx = context();
    await expect(runPg(pitrAction, { target_time: '2020-01-01T00:00:00Z' }, ctx)).rejects.toThrow(/before the oldest base backup/);
    expect(existsSync(join(ctx.runDir, 'restore'))).toBe(false);
  });

  it('refuses to restore inside production\'s data directory', async () => {
    const ctx = context();
    await expect(runPg(pitrAction, { target_latest: true, data_dir: join(cluster.dataDir, 'restore') }, ctx)).rejects.toThrow(/inside production's data directory/);
    expect(existsSync(join(cluster.dataDir, 'restore'))).toBe(false);
  });

  it('refuses to stop a directory pitstop did not restore (production)', async () => {
    const ctx = context();
    await expect(stopRestoredAction.run({ data_dir: cluster.dataDir, remove: true }, ctx)).rejects.toThrow(/not a copy restored by pitstop/);
    expect(existsSync(join(cluster.dataDir, 'postmaster.pid'))).toBe(true);
  });
});

describe('postgres.pitr after the loss of the server', () => {
  it('replays to the end of the archive onto a new directory and port: every archived commit is there', async () => {
    const lost = await startCluster({});
    const dir = tempDir('pitstop-backups-');
    const ctx = makePgContext(clusterTarget(lost, dir));
    contexts.push(ctx);
    try {
      await queryOnce(lost.url(), 'CREATE TABLE t (id int PRIMARY KEY)');
      await runPg(basebackupAction, {}, ctx);
      await queryOnce(lost.url(), 'INSERT INTO t SELECT generate_series(1, 5000)');
      await queryOnce(lost.url(), 'DELETE FROM t WHERE id > 4990');
      await queryOnce(lost.url(), 'SELECT pg_switch_wal()');
      await waitArchived(lost);
      await lost.stop();
      rmSync(lost.dataDir, { recursive: true, force: true });
      const out = await runPg(pitrAction, { target_latest: true }, ctx);
      expect(out.outputs['port']).not.toBe(lost.port);
      expect(await queryOnce(ctx.restored!.url, 'SELECT count(*)::int AS n, max(id) AS top FROM t')).toEqual([{ n: 4990, top: 4990 }]);
    } finally {
      await ctx.close();
      await lost.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitArchived(c: Cluster): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [row] = await queryOnce<{ pending: boolean }>(c.url(), "SELECT last_archived_wal >= pg_walfile_name(pg_current_wal_lsn() - 1) AS pending FROM pg_stat_archiver");
    if (row?.pending) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pids whose command line mentions `path` (read from /proc; nothing is signalled). */
function processesUsing(path: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
    } catch {
      return false;
    }
  }).map(Number);
}
