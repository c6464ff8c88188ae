import { constants } from 'node:fs';
import { copyFile, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { openLocal, requireLocalFile, withClient } from './client.js';
import { checkIntegrity } from './integrity.js';
import { chooseSnapshot } from './choose-snapshot.js';
import { utcStamp } from './snapshots.js';
import { swapInPlace } from './swap.js';

const Args = z
  .object({
    /** The snapshot file; defaults to the newest snapshot whose checksum matches. */
    snapshot: z.string().min(1).optional(),
    /** Where to look for snapshots when `snapshot` is not given (default: the target's backups). */
    dir: z.string().min(1).optional(),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `libsql.restore-snapshot`: copies a snapshot to a NEW file next to the database,
 * integrity-checks it, then renames it over the database (atomic). The old file is kept
 * with a `.before-restore-<stamp>` suffix, its WAL beside it. The application must be
 * stopped: a process holding the old file open would keep writing to the kept copy.
 */
export const restoreSnapshotAction: ActionDefinition<Args> = {
  name: 'libsql.restore-snapshot',
  engine: 'libsql',
  summary: 'Replace a local database by a verified snapshot (new file, checked, swapped in atomically, old file kept)',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: false,
  describe(args, target) {
    const from = args.snapshot ?? `newest verified snapshot in ${args.dir ?? (target['backups'] as string | undefined) ?? 'the backups directory'}`;
    return [
      `copy ${from} → <database>.restoring-<stamp>, PRAGMA integrity_check`,
      `keep the current database of ${target.name} as <database>.before-restore-<stamp>`,
      `rename the checked copy over the database of ${target.name}`,
    ];
  },
  async run(args, ctx) {
    const dbPath = requireLocalFile(ctx.target, 'libsql.restore-snapshot');
    const chosen = await chooseSnapshot(args, ctx.target);
    ctx.log(`snapshot ${chosen.path} (sha256 ${chosen.sha256}, ${chosen.checksum})`);

    const stamp = utcStamp(new Date());
    const restoring = `${dbPath}.restoring-${stamp}`;
    await copyFile(chosen.path, restoring, constants.COPYFILE_EXCL);
    try {
      const report = await withClient(openLocal(restoring), (client) => checkIntegrity(client));
      if (!report.ok) {
        throw new PitstopError(`snapshot ${chosen.path} failed its integrity check: ${report.problems[0]}`, {
          hint: 'Choose an older snapshot (snapshot: PATH) or a point-in-time copy; the database was not touched.',
        });
      }
      const swap = await swapInPlace(dbPath, restoring, `${dbPath}.before-restore-${stamp}`);
      ctx.log(swap.kept ? `old database kept as ${swap.kept}` : `there was no database at ${dbPath}: nothing to keep`);
      const { size } = await stat(dbPath);
      return {
        outputs: {
          path: dbPath,
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
