import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Target } from '../../config/schema.js';
import { ActionError } from '../../errors.js';
import { parseLsn } from './wal-segments.js';

/** What pitstop records next to a base backup it made and verified (`pitstop-backup.json`). */
export interface BaseBackupMeta {
  target: string;
  /** UTC, taken before pg_basebackup started. */
  started_at: string;
  /** UTC, taken after it finished: the backup is consistent at some instant before this. */
  finished_at: string;
  start_lsn: string;
  stop_lsn: string;
  start_wal: string;
  timeline: number;
  segment_size: number;
  /** Oldest transaction still running when the backup ended (xid8): older ones committed before it. */
  xmin_after: string;
  verified: boolean;
  size: number;
}

export interface BaseBackup extends BaseBackupMeta {
  path: string;
}

export const META_FILE = 'pitstop-backup.json';

/** `<backups>/base`: where base backups of a target live (dumps live beside it). */
export function baseBackupsDir(target: Target, dir?: string): string {
  const root = dir ?? target.backups;
  if (!root) {
    throw new ActionError(`target ${target.name} has no backups directory`, {
      hint: 'Set backups: /path in pitstop.yaml for this target, or pass dir: to the step.',
    });
  }
  return join(resolve(root), 'base');
}

export async function writeMeta(dir: string, meta: BaseBackupMeta): Promise<void> {
  await writeFile(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Verified base backups in `dir`, oldest first. A directory without pitstop's record, or
 * one still being written (`.name.partial`), is not a backup to restore from.
 */
export function listBaseBackups(dir: string): BaseBackup[] {
  if (!existsSync(dir)) return [];
  const found: BaseBackup[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const metaPath = join(dir, name, META_FILE);
    if (!existsSync(metaPath)) continue;
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as BaseBackupMeta;
      if (meta.verified === true && existsSync(join(dir, name, 'backup_label'))) found.push({ ...meta, path: join(dir, name) });
    } catch {
      // An unreadable record: not a backup we can vouch for.
    }
  }
  return found.sort((a, b) => a.finished_at.localeCompare(b.finished_at));
}

/** Where a restore should stop, as far as choosing a base backup is concerned. */
export type StopPoint =
  | { kind: 'time'; utc: Date }
  | { kind: 'xid'; xid: bigint }
  | { kind: 'lsn'; lsn: bigint }
  | { kind: 'latest' };

/**
 * The newest verified base backup that ends before the stop point: recovery can only stop
 * after the backup is consistent. None → the stop point is before the oldest backup, and
 * the restore is refused before anything starts.
 */
export function chooseBaseBackup(backups: BaseBackup[], stop: StopPoint, where: string): BaseBackup {
  if (backups.length === 0) {
    throw new ActionError(`no verified base backup in ${where}`, {
      hint: 'Take one with postgres.basebackup (runbook pg-backup-base) before a point-in-time restore.',
    });
  }
  const fits = backups.filter((b) => endsBefore(b, stop));
  const chosen = fits[fits.length - 1];
  if (!chosen) {
    const oldest = backups[0]!;
    throw new ActionError(
      `the recovery target (${describeStop(stop)}) is before the oldest base backup (${oldest.path}, finished ${oldest.finished_at}): nothing to restore from`,
      { hint: 'Point-in-time recovery can only go forward from a base backup. Pick a later target, or restore an older dump.' },
    );
  }
  return chosen;
}

function endsBefore(b: BaseBackup, stop: StopPoint): boolean {
  switch (stop.kind) {
    case 'latest':
      return true;
    case 'time':
      return new Date(b.finished_at).getTime() < stop.utc.getTime();
    case 'lsn':
      return parseLsn(b.stop_lsn) <= stop.lsn;
    case 'xid':
      return widenXid(stop.xid, BigInt(b.xmin_after)) >= BigInt(b.xmin_after);
  }
}

/** A 32-bit xid (as pg_waldump prints it) placed in the epoch nearest to a known xid8. */
export function widenXid(xid: bigint, near: bigint): bigint {
  if (xid > 0xffffffffn) return xid;
  const wrap = 0x100000000n;
  let full = (near / wrap) * wrap + xid;
  if (full > near + wrap / 2n) full -= wrap;
  else if (full < near - wrap / 2n) full += wrap;
  return full;
}

export function describeStop(stop: StopPoint): string {
  switch (stop.kind) {
    case 'latest':
      return 'the end of the archive';
    case 'time':
      return stop.utc.toISOString();
    case 'xid':
      return `transaction ${stop.xid}`;
    case 'lsn':
      return `LSN ${stop.lsn.toString(16)}`;
  }
}
