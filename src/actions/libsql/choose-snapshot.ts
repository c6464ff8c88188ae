import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Target } from '../../config/schema.js';
import { ActionError } from '../../errors.js';
import { verifyChecksum } from '../common/sha256.js';
import { localPath } from './client.js';
import { backupsDir, listSnapshots } from './snapshots.js';

export interface ChosenSnapshot {
  path: string;
  sha256: string;
  /** `missing`: only for a snapshot named explicitly that has no checksum file. */
  checksum: 'match' | 'missing';
  takenAt: string;
}

/**
 * The snapshot to restore from: the one named (refused if its checksum does not match), or
 * the newest snapshot of the target whose checksum matches.
 */
export async function chooseSnapshot(
  args: { snapshot?: string | undefined; dir?: string | undefined },
  target: Pick<Target, 'name' | 'backups'>,
): Promise<ChosenSnapshot> {
  if (args.snapshot !== undefined) {
    const path = localPath(args.snapshot) ?? args.snapshot;
    if (!existsSync(path)) throw new ActionError(`snapshot not found: ${path}`, { hint: 'Check the path; `ls` the backups directory.' });
    const status = await verifyChecksum(path);
    if (status.state === 'mismatch') {
      throw new ActionError(`snapshot ${path} does not match its recorded sha256 (${status.recorded})`, {
        hint: 'The file changed or is damaged since it was taken: choose another snapshot.',
      });
    }
    const takenAt = (await stat(path)).mtime.toISOString();
    return { path, sha256: status.sha256, checksum: status.state, takenAt };
  }
  const dir = backupsDir(target, args.dir);
  for (const snap of await listSnapshots(dir, target.name)) {
    const status = await verifyChecksum(snap.path);
    if (status.state === 'match') {
      return { path: snap.path, sha256: status.sha256, checksum: 'match', takenAt: snap.createdAt.toISOString() };
    }
  }
  throw new ActionError(`no verified snapshot of ${target.name} in ${dir}`, {
    hint: 'Pass snapshot: PATH explicitly, or restore from a point in time (litestream.restore, turso.pitr).',
  });
}
