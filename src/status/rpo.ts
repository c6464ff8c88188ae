import type { TargetConfig, TargetRpo } from '../config/schema.js';
import { parseDuration } from '../util/duration.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * How old the newest artifact of a kind may be. The target's own `rpo:` first; else the RPO
 * of the shipped runbook that makes it (pg-backup-full daily, pg-backup-critical 6 h,
 * pg-backup-embeddings weekly, pg-backup-base daily, a pgBackRest repository's newest backup
 * daily and its newest full weekly). A libSQL snapshot is held to a day: the seeds snapshot
 * daily, and libsql-backup's 15 min RPO is kept by the Litestream replica, which it checks.
 * A continuous copy (WAL archive, replica) is held to 15 minutes.
 */
export function rpoSecondsOf(kind: string, own?: TargetRpo): number {
  const set = own?.[kind];
  if (set !== undefined) return parseDuration(set) / 1000;
  if (kind === 'dump-set:critical') return 6 * HOUR;
  if (kind === 'dump-set:embeddings' || kind === 'pgbackrest-full') return 7 * DAY;
  if (kind === 'replica' || kind === 'wal') return 15 * 60;
  return DAY;
}

/** The runbook that makes each kind: what the status tells the operator to run. */
export function runbookFor(kind: string): string {
  if (kind === 'dump-full') return 'pg-backup-full';
  if (kind === 'dump-set:critical') return 'pg-backup-critical';
  if (kind === 'dump-set:embeddings') return 'pg-backup-embeddings';
  if (kind.startsWith('dump-set:')) return 'a pg backup runbook with that set';
  if (kind === 'basebackup') return 'pg-backup-base';
  if (kind === 'export') return 'libsql-backup --set platform=turso';
  return 'libsql-backup';
}

/**
 * The backup kinds a target is expected to have: a full dump (PostgreSQL), a snapshot (a
 * libSQL file) or an export (a Turso database: `turso:` in pitstop.yaml); a base backup
 * where a WAL archive is configured (PITR needs one); the dump sets
 * the shipped runbooks make when the target's `data.sets` names them.
 */
export function expectedKinds(target: Pick<TargetConfig, 'engine' | 'wal_archive' | 'pgbackrest' | 'data' | 'turso'>): string[] {
  if (target.engine !== 'postgres') return [target.turso ? 'export' : 'snapshot'];
  const kinds = ['dump-full'];
  if (target.wal_archive && !target.pgbackrest) kinds.push('basebackup');
  for (const set of ['critical', 'embeddings']) if (target.data?.sets?.[set]) kinds.push(`dump-set:${set}`);
  return kinds;
}
