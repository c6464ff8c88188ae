import { z } from 'zod';
import type { ActionSpec } from '../types.js';
import { VERIFIED_SNAPSHOT } from './snapshot-needs.js';

export const Args = z
  .object({
    /** Where to write it; defaults to the target's `backups` directory. */
    dir: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.snapshot`: a consistent copy of a local database with `VACUUM INTO`, written
 * under a temporary name, integrity-checked, renamed into place and checksummed
 * (`NAME.db.sha256`). Only a verified snapshot ever carries the final name.
 */
export const snapshotSpec: ActionSpec<Args> = {
  name: 'libsql.snapshot',
  engine: 'libsql',
  summary: 'VACUUM INTO a new, verified and checksummed snapshot file under the backups directory',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  provides: [VERIFIED_SNAPSHOT],
  describe(args, target) {
    const dir = args.dir ?? target.backups ?? '(target backups directory)';
    return [`VACUUM INTO '${dir}/${target.name}-<UTC timestamp>.db'`, 'PRAGMA integrity_check on the snapshot', 'sha256 → .db.sha256'];
  },
};
