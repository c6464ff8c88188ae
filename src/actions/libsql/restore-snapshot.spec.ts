import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** `snapshot` (a file) or `litestream` (the target's replica, newest state or `timestamp`). */
    source: z.enum(['snapshot', 'litestream']).default('snapshot'),
    /** Litestream only: RFC 3339 with an offset. */
    timestamp: z.string().min(1).optional(),
    /** The snapshot file; defaults to the newest snapshot whose checksum matches. */
    snapshot: z.string().min(1).optional(),
    /** Where to look for snapshots when `snapshot` is not given (default: the target's backups). */
    dir: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.restore-snapshot`: copies a snapshot (or restores the Litestream replica) to a NEW
 * file next to the database,
 * integrity-checks it, then renames it over the database (atomic). The old file is kept
 * with a `.before-restore-<stamp>` suffix, its WAL beside it. The application must be
 * stopped: a process holding the old file open would keep writing to the kept copy.
 */
export const restoreSnapshotSpec: ActionSpec<Args> = {
  name: 'libsql.restore-snapshot',
  engine: 'libsql',
  summary: 'Replace a local database by a verified snapshot (new file, checked, swapped in atomically, old file kept)',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: false,
  describe(args, target) {
    const from =
      args.source === 'litestream'
        ? `litestream restore${args.timestamp ? ` -timestamp ${args.timestamp}` : ''} ${target.litestream?.replica ?? '<litestream.replica>'}`
        : `copy ${args.snapshot ?? `newest verified snapshot in ${args.dir ?? target.backups ?? 'the backups directory'}`}`;
    return [
      `${from} → <database>.restoring-<stamp>, PRAGMA integrity_check`,
      `keep the current database of ${target.name} as <database>.before-restore-<stamp>`,
      `rename the checked copy over the database of ${target.name}`,
    ];
  },
};
