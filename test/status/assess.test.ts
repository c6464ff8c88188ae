import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../src/artifacts/types.js';
import { assessTarget } from '../../src/status/assess.js';
import { metricsText } from '../../src/status/metrics.js';
import type { Probes } from '../../src/status/types.js';

const now = new Date('2026-11-29T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
const up: Probes = { up: { ok: true, ms: 3 }, disk: { path: '/b', freeBytes: 50, totalBytes: 100 } };
const pg = { name: 'shop', engine: 'postgres' as const, url: 'postgresql://x@h/db', data: { sets: { critical: ['orders'] } } };
const dump = (over: Partial<Artifact>): Artifact => ({
  kind: 'dump-full', target: 'shop', path: '/b/full.dump', size: 2048, startedAt: hoursAgo(3), finishedAt: hoursAgo(3),
  runId: 'r-full', runbookId: 'pg-backup-full', verifiedAt: hoursAgo(2.9), verifiedBy: 'r-full', ...over,
});

describe('assessTarget', () => {
  it('is ok when every expected kind is fresh and verified, and the database answers', () => {
    const s = assessTarget(pg, [dump({}), dump({ kind: 'dump-set:critical', path: '/b/c.dump', finishedAt: hoursAgo(1) })], up, now);
    expect(s.health).toBe('ok');
    expect(s.checks.map((c) => `${c.name}:${c.health}`)).toEqual(['database:ok', 'backup dump-full:ok', 'verified dump-full:ok', 'backup dump-set:critical:ok', 'verified dump-set:critical:ok', 'disk:ok']);
  });

  it('fails a kind never backed up and says which runbook makes it', () => {
    const s = assessTarget(pg, [dump({})], up, now);
    expect(s.health).toBe('fail');
    expect(s.checks).toContainEqual({ name: 'backup dump-set:critical', health: 'fail', detail: 'never backed up: run pg-backup-critical' });
  });

  it('warns past the RPO and fails past twice the RPO (critical set: 6 h)', () => {
    const at = (h: number) => assessTarget(pg, [dump({}), dump({ kind: 'dump-set:critical', path: '/b/c.dump', finishedAt: hoursAgo(h), verifiedAt: hoursAgo(h) })], up, now);
    expect(at(5).health).toBe('ok');
    expect(at(7).checks.find((c) => c.name === 'backup dump-set:critical')).toMatchObject({ health: 'warn', detail: expect.stringContaining('7 h old (RPO 6 h)') });
    expect(at(13).health).toBe('fail');
  });

  it('warns when the newest backup is not verified, naming the last verified one', () => {
    const s = assessTarget({ ...pg, data: {} }, [dump({ path: '/b/old.dump', finishedAt: hoursAgo(30), verifiedAt: hoursAgo(29) }), dump({ path: '/b/new.dump', finishedAt: hoursAgo(2), verifiedAt: undefined, verifiedBy: undefined })], up, now);
    expect(s.health).toBe('warn');
    expect(s.checks.find((c) => c.name === 'verified dump-full')?.detail).toBe('the newest is not verified (last verified one: 29 h ago): run pg-verify-backup');
  });

  it('fails a database that does not answer, a failing WAL archive, and warns on a nearly full disk', () => {
    const s = assessTarget({ ...pg, data: {} }, [dump({})], { up: { ok: false, error: 'no answer within 3 s' }, archiver: { lastArchivedAt: hoursAgo(2), lastFailedAt: hoursAgo(1), failedCount: 4 }, disk: { path: '/b', freeBytes: 8, totalBytes: 100 } }, now);
    expect(s.checks.filter((c) => c.health !== 'ok').map((c) => `${c.name}:${c.health}`)).toEqual(['database:fail', 'wal archive:fail', 'disk:warn']);
    expect(s.up).toBe(false);
  });

  it('the sandbox before its first run: a warning that says so, no backup missing', () => {
    const s = assessTarget({ name: 'sandbox', engine: 'libsql' }, [], { up: { ok: false, error: 'the sandbox is made by its first run (pick a runbook)', notYet: true } }, now);
    expect(s).toMatchObject({ health: 'warn', checks: [{ name: 'database', health: 'warn' }], kinds: [] });
  });

  it('holds each kind to the target\'s own rpo: where pitstop.yaml sets one, and to the default elsewhere', () => {
    const s = assessTarget({ ...pg, rpo: { 'dump-set:critical': '1h' } }, [dump({}), dump({ kind: 'dump-set:critical', path: '/b/c.dump', finishedAt: hoursAgo(1.5) })], up, now);
    expect(s.checks.find((c) => c.name === 'backup dump-set:critical')).toMatchObject({ health: 'warn', detail: expect.stringContaining('1.5 h old (RPO 60 min)') });
    expect(s.checks.find((c) => c.name === 'backup dump-full')?.detail).toContain('(RPO 24 h)');
    expect(s.kinds.map((k) => [k.kind, k.rpoSeconds])).toEqual([['dump-full', 86400], ['dump-set:critical', 3600]]);
    const replica = assessTarget({ name: 't', engine: 'libsql', rpo: { replica: '1h' } }, [], { ...up, replica: { newestAt: hoursAgo(0.5) } }, now);
    expect(replica.checks.find((c) => c.name === 'replica')).toMatchObject({ health: 'ok', detail: 'newest data 30 min old (RPO 60 min)' });
  });

  it('judges the WAL archive\'s age only against a wal RPO the target sets', () => {
    const archiver = { lastArchivedAt: hoursAgo(2), failedCount: 0 };
    const quiet = assessTarget({ ...pg, data: {} }, [dump({})], { ...up, archiver }, now);
    expect(quiet.checks.find((c) => c.name === 'wal archive')).toMatchObject({ health: 'ok', detail: 'last segment archived 2 h ago, 0 failure(s) since the statistics were reset' });
    const held = assessTarget({ ...pg, data: {}, rpo: { wal: '30m' } }, [dump({})], { ...up, archiver }, now);
    expect(held.checks.find((c) => c.name === 'wal archive')).toMatchObject({ health: 'fail', detail: expect.stringContaining('2 h ago (RPO 30 min)') });
  });

  it('fails a kind whose newest file is gone, naming the path', () => {
    const s = assessTarget({ ...pg, data: {} }, [dump({})], { ...up, gone: ['/b/full.dump'] }, now);
    expect(s.checks.find((c) => c.name === 'backup dump-full')).toMatchObject({ health: 'fail', detail: expect.stringContaining('is missing: /b/full.dump') });
  });

  it('a Turso target is expected to have exports; a libSQL file, snapshots', () => {
    const turso = assessTarget({ name: 't', engine: 'libsql', turso: { database: 't-db' } }, [], up, now);
    expect(turso.checks.find((c) => c.name.startsWith('backup'))).toEqual({ name: 'backup export', health: 'fail', detail: 'never backed up: run libsql-backup --set platform=turso' });
    const file = assessTarget({ name: 'f', engine: 'libsql' }, [], up, now);
    expect(file.checks.find((c) => c.name.startsWith('backup'))).toEqual({ name: 'backup snapshot', health: 'fail', detail: 'never backed up: run libsql-backup' });
  });

  it('ignores other targets\' artifacts', () => {
    const s = assessTarget({ ...pg, data: {} }, [dump({ target: 'other' })], up, now);
    expect(s.checks.find((c) => c.name === 'backup dump-full')?.health).toBe('fail');
  });
});

describe('metricsText', () => {
  it('writes each family once with HELP and TYPE, samples labelled by target and kind, label values escaped', () => {
    const s = assessTarget({ ...pg, name: 'a"b', data: {} }, [dump({ target: 'a"b' })], up, now);
    const text = metricsText([s]);
    expect(text).toContain('# TYPE pitstop_backup_age_seconds gauge\npitstop_backup_age_seconds{target="a\\"b",kind="dump-full"} 10800\n');
    expect(text).toContain('pitstop_backup_verified{target="a\\"b",kind="dump-full"} 1');
    expect(text).toContain('pitstop_target_up{target="a\\"b"} 1');
    expect(text.match(/^# HELP pitstop_backup_age_seconds /gm)).toHaveLength(1);
    expect(text.endsWith('\n')).toBe(true);
  });
});
