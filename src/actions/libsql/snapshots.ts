import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Target } from '../../config/schema.js';
import { ActionError } from '../../errors.js';
import { parseUtcStamp, utcStamp } from '../common/utc.js';
import { escapeRegExp } from '../../util/regexp.js';

/** A snapshot file made by `libsql.snapshot`: `<target>-<YYYYMMDDTHHMMSSZ>[-n].db`. */
export interface SnapshotFile {
  path: string;
  name: string;
  createdAt: Date;
}


/** A file name for a new snapshot of `targetName` taken at `at`, not yet used in `dir`. */
export function newSnapshotPath(dir: string, targetName: string, at: Date): string {
  const base = `${targetName}-${utcStamp(at)}`;
  let candidate = join(dir, `${base}.db`);
  for (let n = 2; existsSync(candidate) || existsSync(`${candidate}.partial`); n++) {
    candidate = join(dir, `${base}-${n}.db`);
  }
  return candidate;
}

/**
 * Snapshots of `targetName` in `dir` (`<prefix><UTC stamp>[-n].db`, the prefix being
 * `<targetName>-` unless given), newest first; other files are ignored.
 */
export async function listSnapshots(dir: string, targetName: string, prefix = `${targetName}-`): Promise<SnapshotFile[]> {
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${escapeRegExp(prefix)}(\\d{8}T\\d{6}Z)(?:-(\\d+))?\\.db$`);
  const found: (SnapshotFile & { n: number })[] = [];
  for (const name of await readdir(dir)) {
    const m = re.exec(name);
    if (m) found.push({ path: join(dir, name), name, createdAt: parseUtcStamp(m[1]!), n: Number(m[2] ?? 1) });
  }
  found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.n - a.n);
  return found.map(({ n: _n, ...file }) => file);
}

/** The directory for backups: `dir` if given, else the target's `backups`. */
export function backupsDir(target: Pick<Target, 'name' | 'backups'>, dir?: string): string {
  const chosen = dir ?? target.backups;
  if (!chosen) {
    throw new ActionError(`target ${target.name} has no backups directory`, {
      hint: `Add backups: /path/to/backups to target ${target.name} in pitstop.yaml, or pass dir: to the step.`,
    });
  }
  return resolve(chosen);
}
