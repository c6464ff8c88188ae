import { describe, expect, it } from 'vitest';
import { chooseBaseBackup, type BaseBackup, widenXid } from '../../../src/actions/postgres/base-backups.js';
import { libpqEnv, userAndDatabase } from '../../../src/actions/postgres/libpq-env.js';
import { pgbackrestTargetOptions, recoverySettings, recoveryTarget, utcForPostgres } from '../../../src/actions/postgres/recovery-target.js';
import { formatLsn, missingSegments, parseLsn, segmentName, segmentStartLsn } from '../../../src/actions/postgres/wal-segments.js';

describe('recovery targets', () => {
  it('converts a time with any offset to UTC for the server, keeping the microseconds', () => {
    expect(utcForPostgres('2026-11-22T03:10:00.123456-06:00').pg).toBe('2026-11-22 09:10:00.123456+00');
    expect(utcForPostgres('2026-11-22T03:10:00Z').pg).toBe('2026-11-22 03:10:00+00');
    expect(utcForPostgres('2026-11-22 03:10:00+0530').pg).toBe('2026-11-21 21:40:00+00');
  });

  it('refuses a time without an offset, saying why', () => {
    expect(() => recoveryTarget({ target_time: '2026-11-22T03:10:00', inclusive: false })).toThrow(/no UTC offset.*its own timezone/);
    expect(() => recoveryTarget({ target_time: '2026-11-22 03:10', inclusive: false })).toThrow(/no UTC offset/);
    expect(() => recoveryTarget({ target_time: 'yesterday at three', inclusive: false })).toThrow(/not an RFC 3339/);
  });

  it('wants exactly one target', () => {
    expect(() => recoveryTarget({ inclusive: false })).toThrow(/no recovery target/);
    expect(() => recoveryTarget({ target_xid: '900', target_latest: true, inclusive: false })).toThrow(/more than one/);
    expect(() => recoveryTarget({ target_xid: 'DROP', inclusive: false })).toThrow(/not a transaction id/);
  });

  it('stops just before an xid by default, for the server and for pgBackRest', () => {
    const t = recoveryTarget({ target_xid: '745', inclusive: false });
    expect(recoverySettings(t)).toEqual({ recovery_target_action: 'promote', recovery_target_xid: '745', recovery_target_inclusive: false });
    expect(pgbackrestTargetOptions(t)).toEqual(['--type=xid', '--target=745', '--target-action=promote', '--target-exclusive']);
    expect(recoverySettings(recoveryTarget({ target_latest: true, inclusive: false }))).toEqual({});
  });
});

describe('WAL arithmetic', () => {
  it('names segments and finds the missing ones', () => {
    const seg = 16 * 1024 * 1024;
    expect(segmentName(1, parseLsn('0/3000028'), seg)).toBe('000000010000000000000003');
    expect(segmentName(2, parseLsn('1/FF000000'), seg)).toBe('0000000200000001000000FF');
    expect(formatLsn(segmentStartLsn('000000010000000200000000', seg))).toBe('2/0');
    const have = new Set(['0000000100000000000000FE', '000000010000000100000000']);
    expect(missingSegments(1, '0000000100000000000000FE', '000000010000000100000000', (n) => have.has(n), seg)).toEqual(['0000000100000000000000FF']);
  });

  it('places a 32-bit xid in the epoch of a known xid8', () => {
    expect(widenXid(5n, (1n << 32n) + 10n)).toBe((1n << 32n) + 5n);
    expect(widenXid(0xfffffff0n, (1n << 32n) + 10n)).toBe(0xfffffff0n);
  });
});

describe('choosing a base backup', () => {
  const b = (finished: string, xmin: string, stop: string): BaseBackup => ({
    target: 't', started_at: finished, finished_at: finished, start_lsn: '0/1000000', stop_lsn: stop, start_wal: '000000010000000000000001',
    timeline: 1, segment_size: 16777216, xmin_after: xmin, verified: true, size: 1, path: `/b/${finished}`,
  });
  const all = [b('2026-11-20T00:00:00.000Z', '700', '0/3000000'), b('2026-11-21T00:00:00.000Z', '800', '0/5000000')];

  it('takes the newest that ends before the target', () => {
    expect(chooseBaseBackup(all, { kind: 'time', utc: new Date('2026-11-22T00:00:00Z') }, 'x').finished_at).toBe('2026-11-21T00:00:00.000Z');
    expect(chooseBaseBackup(all, { kind: 'time', utc: new Date('2026-11-20T12:00:00Z') }, 'x').finished_at).toBe('2026-11-20T00:00:00.000Z');
    expect(chooseBaseBackup(all, { kind: 'xid', xid: 750n }, 'x').finished_at).toBe('2026-11-20T00:00:00.000Z');
    expect(chooseBaseBackup(all, { kind: 'lsn', lsn: parseLsn('0/6000000') }, 'x').finished_at).toBe('2026-11-21T00:00:00.000Z');
  });

  it('refuses a target before the oldest', () => {
    expect(() => chooseBaseBackup(all, { kind: 'time', utc: new Date('2026-11-19T00:00:00Z') }, 'x')).toThrow(/before the oldest base backup/);
    expect(() => chooseBaseBackup(all, { kind: 'xid', xid: 600n }, 'x')).toThrow(/before the oldest base backup/);
    expect(() => chooseBaseBackup([], { kind: 'latest' }, 'x')).toThrow(/no verified base backup/);
  });
});

describe('libpq URLs', () => {
  it('moves the password into PGPASSWORD, and reads socket URLs', () => {
    expect(libpqEnv('postgresql://app:s%40cret@db.internal:6432/orquix?sslmode=require')).toMatchObject({
      PGHOST: 'db.internal', PGPORT: '6432', PGUSER: 'app', PGPASSWORD: 's@cret', PGDATABASE: 'orquix', PGSSLMODE: 'require',
    });
    expect(libpqEnv('postgresql://postgres@/postgres?host=/tmp/x%20y/sock&port=5999')).toMatchObject({ PGHOST: '/tmp/x y/sock', PGPORT: '5999', PGUSER: 'postgres', PGDATABASE: 'postgres' });
    expect(userAndDatabase('postgresql://app@db/orquix')).toEqual({ user: 'app', database: 'orquix' });
    expect(userAndDatabase('postgresql:///?host=/run/pg')).toEqual({ user: 'postgres', database: 'postgres' });
  });
});
