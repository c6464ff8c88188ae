import { z } from 'zod';
import type { ActionSpec } from '../types.js';
import { VERIFIED_SNAPSHOT } from './snapshot-needs.js';

export const Args = z
  .object({
    /** The snapshot file; default: the newest snapshot whose checksum matches. */
    snapshot: z.string().min(1).optional(),
    /** Where to look for snapshots and put the working copy (default: the target's backups). */
    dir: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.open-snapshot`: makes a verified snapshot the run's restored copy without touching
 * production: the snapshot is copied to a new working file (so the backup itself, and its
 * checksum, stay as they are), integrity-checked, and handed on for `on: restored` queries
 * and `libsql.copy-rows`. The snapshot counterpart of `turso.pitr` and `litestream.restore`
 * in the accidental-deletion runbook.
 */
export const openSnapshotSpec: ActionSpec<Args> = {
  name: 'libsql.open-snapshot',
  engine: 'libsql',
  summary: 'Open a verified snapshot as the restored copy (a working copy; production untouched)',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  touches: () => 'a new copy of a verified snapshot (production is not written)',
  needs: VERIFIED_SNAPSHOT,
  describe(args, target) {
    const from = args.snapshot ?? `newest verified snapshot in ${args.dir ?? target.backups ?? 'the backups directory'}`;
    return [`copy ${from} → <backups>/${target.name}-copy-<UTC stamp>.db, PRAGMA integrity_check; use it as the restored copy`];
  },
};
