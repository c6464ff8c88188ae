import { existsSync, linkSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checksumPath, verifyChecksum } from '../actions/common/sha256.js';
import { listSnapshots } from '../actions/libsql/snapshots.js';
import { listBaseBackups } from '../actions/postgres/base-backups.js';
import { ensureDir } from '../config/home.js';
import { BugError } from '../errors.js';
import { DRILL_TARGET, type LibsqlWorld } from './libsql-world.js';
import type { PgWorld } from './pg-world.js';

/** How many backups a `--backup random` drill takes before the fault, to choose among. */
export const RANDOM_BACKUPS = 3;

/** The backup the recovery restores from, as journaled (`drill/backup`) and scored. */
export interface BackupChoice {
  choice: 'newest' | 'random';
  /** The snapshot's file name (PostgreSQL: the base backup's directory name), and when it was taken (ISO). */
  snapshot: string;
  takenAt: string;
  /** The verified snapshots within the retention window it was chosen among. */
  candidates: number;
}

/**
 * `--backup random`, as scheduled restore tests do: one of the world's verified snapshots
 * within `keepDays` (the backup runbook's retention), chosen with `random` (a number in
 * [0, 1)). The world's target is pointed at a directory holding only that snapshot and its
 * checksum (hard links), so the runbook's "newest verified snapshot" is the chosen one and
 * the runbook itself is not changed.
 */
export async function chooseRandomBackup(world: LibsqlWorld, random: () => number, now: Date, keepDays = 7): Promise<BackupChoice> {
  const oldest = now.getTime() - keepDays * 86_400_000;
  const verified = [];
  for (const snap of await listSnapshots(world.backups, DRILL_TARGET)) {
    if (snap.createdAt.getTime() < oldest) continue;
    if ((await verifyChecksum(snap.path)).state === 'match') verified.push(snap);
  }
  const chosen = verified[Math.floor(random() * verified.length)];
  if (!chosen) throw new BugError(`drill --backup random: no verified snapshot in ${world.backups}`);
  const dir = ensureDir(join(world.dir, 'restore-from'));
  linkSync(chosen.path, join(dir, chosen.name));
  if (existsSync(checksumPath(chosen.path))) linkSync(checksumPath(chosen.path), checksumPath(join(dir, chosen.name)));
  const config = JSON.parse(readFileSync(world.configFile, 'utf8')) as { targets: Record<string, { backups: string }> };
  config.targets[DRILL_TARGET]!.backups = dir;
  writeFileSync(world.configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return { choice: 'random', snapshot: basename(chosen.path), takenAt: chosen.createdAt.toISOString(), candidates: verified.length };
}

/**
 * `--backup random` on PostgreSQL: one of the world's verified base backups within `keepDays`,
 * chosen with `random`. The others are moved aside (`backups/base-set-aside/`, same file
 * system), so the runbook's "newest base backup that ends before the stop point" is the
 * chosen one and recovery replays the WAL archive from there; the runbook is not changed.
 */
export function choosePgRandomBackup(world: PgWorld, random: () => number, now: Date, keepDays = 7): BackupChoice {
  const oldest = now.getTime() - keepDays * 86_400_000;
  const base = join(world.backups, 'base');
  const verified = listBaseBackups(base).filter((b) => Date.parse(b.finished_at) >= oldest);
  const chosen = verified[Math.floor(random() * verified.length)];
  if (!chosen) throw new BugError(`drill --backup random: no verified base backup in ${base}`);
  const aside = ensureDir(join(world.backups, 'base-set-aside'));
  for (const other of verified) if (other.path !== chosen.path) renameSync(other.path, join(aside, basename(other.path)));
  return { choice: 'random', snapshot: basename(chosen.path), takenAt: chosen.finished_at, candidates: verified.length };
}
