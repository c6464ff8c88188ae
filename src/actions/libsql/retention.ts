import { rm } from 'node:fs/promises';
import { ActionError } from '../../errors.js';
import { checksumPath, verifyChecksum } from '../common/sha256.js';
import { backupsDir, listSnapshots } from './snapshots.js';
import type { ActionDefinition } from '../types.js';
import { Args, retentionSpec } from './retention.spec.js';

const DAY_MS = 86_400_000;

/**
 * `libsql.retention`: deletes snapshots of the target older than N days (with their
 * checksum files), but never the newest snapshot whose checksum still matches: whatever
 * the dates say, one good backup always stays. With no verified snapshot at all, nothing
 * is deleted and the step fails, because that is an alert, not a clean-up.
 */
export const retentionAction: ActionDefinition<Args> = {
  ...retentionSpec,
  async run(args, ctx) {
    const dir = backupsDir(ctx.target, args.dir);
    const snapshots = await listSnapshots(dir, ctx.target.name, args.prefix);
    let newestVerified: string | null = null;
    for (const snap of snapshots) {
      if ((await verifyChecksum(snap.path)).state === 'match') {
        newestVerified = snap.path;
        break;
      }
    }
    if (newestVerified === null) {
      throw new ActionError(`no verified snapshot of ${ctx.target.name} in ${dir}: nothing was deleted`, {
        hint: 'Take a snapshot (libsql.snapshot) and find out why the last ones are missing or fail their checksum.',
      });
    }
    const cutoff = Date.now() - args.days * DAY_MS;
    const kept: string[] = [];
    const deleted: string[] = [];
    for (const snap of snapshots) {
      if (snap.path === newestVerified || snap.createdAt.getTime() >= cutoff) {
        kept.push(snap.path);
        continue;
      }
      await rm(snap.path, { force: true });
      await rm(checksumPath(snap.path), { force: true });
      deleted.push(snap.path);
      ctx.log(`deleted ${snap.path} (taken ${snap.createdAt.toISOString()})`);
    }
    ctx.log(`kept ${kept.length}, deleted ${deleted.length}; newest verified: ${newestVerified}`);
    return {
      outputs: { kept, deleted, kept_count: kept.length, deleted_count: deleted.length, newest_verified: newestVerified },
      evidence: [{ label: 'a verified snapshot is kept', expected: 'yes', actual: newestVerified, pass: true }],
    };
  },
};
