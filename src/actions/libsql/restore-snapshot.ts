import { constants } from 'node:fs';
import { chmod, chown, copyFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { ActionError } from '../../errors.js';
import { openLocal, requireLocalFile, withClient } from './client.js';
import { checkIntegrity } from './integrity.js';
import { sha256File } from '../common/sha256.js';
import { toUtcZ } from '../common/utc.js';
import { replicaOf, runLitestreamRestore } from '../litestream/run-restore.js';
import { type ChosenSnapshot, chooseSnapshot } from './choose-snapshot.js';
import { utcStamp } from '../common/utc.js';
import { swapInPlace } from './swap.js';
import type { ActionDefinition } from '../types.js';
import { Args, restoreSnapshotSpec } from './restore-snapshot.spec.js';

/**
 * `libsql.restore-snapshot`: copies a snapshot (or restores the Litestream replica) to a NEW
 * file next to the database,
 * integrity-checks it, then renames it over the database (atomic). The old file is kept
 * with a `.before-restore-<stamp>` suffix, its WAL beside it. The application must be
 * stopped: a process holding the old file open would keep writing to the kept copy.
 */
export const restoreSnapshotAction: ActionDefinition<Args> = {
  ...restoreSnapshotSpec,
  async run(args, ctx) {
    const dbPath = requireLocalFile(ctx.target, 'libsql.restore-snapshot');
    const stamp = utcStamp(new Date());
    const restoring = `${dbPath}.restoring-${stamp}`;
    let chosen: ChosenSnapshot;
    if (args.source === 'litestream') {
      const replica = replicaOf(ctx, undefined);
      const at = args.timestamp ? toUtcZ(args.timestamp) : null;
      await runLitestreamRestore(ctx, replica, restoring, at);
      chosen = { path: replica, sha256: await sha256File(restoring), checksum: 'missing', takenAt: at ?? new Date().toISOString() };
    } else {
      chosen = await chooseSnapshot(args, ctx.target);
      ctx.log(`snapshot ${chosen.path} (sha256 ${chosen.sha256}, ${chosen.checksum})`);
      await copyFile(chosen.path, restoring, constants.COPYFILE_EXCL);
    }
    try {
      const report = await withClient(openLocal(restoring), (client) => checkIntegrity(client));
      if (!report.ok) {
        throw new ActionError(`snapshot ${chosen.path} failed its integrity check: ${report.problems[0]}`, {
          hint: 'Choose an older snapshot (snapshot: PATH) or a point-in-time copy; the database was not touched.',
        });
      }
      await takeOwnershipOf(dbPath, restoring);
      const swap = await swapInPlace(dbPath, restoring, `${dbPath}.before-restore-${stamp}`);
      ctx.log(swap.kept ? `old database kept as ${swap.kept}` : `there was no database at ${dbPath}: nothing to keep`);
      const { size } = await stat(dbPath);
      return {
        outputs: {
          path: dbPath,
          source: args.source,
          snapshot: chosen.path,
          snapshot_sha256: chosen.sha256,
          checksum: chosen.checksum,
          snapshot_taken_at: chosen.takenAt,
          kept: swap.kept,
          kept_wal: swap.keptWal,
          size,
        },
        evidence: [
          { label: `PRAGMA integrity_check on the restored copy`, expected: 'ok', actual: 'ok', pass: true },
          ...(chosen.checksum === 'match'
            ? [{ label: `checksum of ${basename(chosen.path)}`, expected: 'matches the recorded sha256', actual: chosen.sha256, pass: true }]
            : []),
        ],
      };
    } finally {
      await rm(restoring, { force: true });
    }
  },
};

/**
 * The restored file gets the database file's mode and owner: backups are 0600 and owned by
 * whoever took them, while the application may read the database through its group.
 */
async function takeOwnershipOf(dbPath: string, restoring: string): Promise<void> {
  if (!existsSync(dbPath)) return;
  const current = await stat(dbPath);
  await chmod(restoring, current.mode & 0o777);
  try {
    await chown(restoring, current.uid, current.gid);
  } catch {
    // only root may give a file away; then it stays ours, as the old one was when we could read it
  }
}
