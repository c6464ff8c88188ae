import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** RFC 3339 WITH an offset: the moment to restore to (just before a corruption). */
    restore_to: z.string().min(1),
    /** Close the current WAL segment first so the latest commits are in the archive (best effort). */
    switch_wal: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(true)),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.restore-point`: where a restore "to just before the corruption" can stop, read
 * from the WAL archive. PostgreSQL stops a time target at the first commit after the time; in
 * a quiet database nothing was committed after it, and a time target fails at the end of the
 * archive. On-disk damage writes no WAL, so replaying everything the archive has is exactly
 * right there: this action then gives the archive's last commit as the target (an LSN,
 * inclusive) instead of the time. Outputs for `postgres.pitr`: `target_time` or `target_lsn`
 * (the other empty), `inclusive`; and `quiet`, `archive_last_commit` (time, UTC),
 * `archive_last_commit_lsn`, `first_commit_after`, `plan` (one line saying which).
 */
export const restorePointSpec: ActionSpec<Args> = {
  name: 'postgres.restore-point',
  engine: 'postgres',
  summary: 'Where a restore to a time can stop: the time, or (nothing committed after it) the last commit of the WAL archive',
  args: Args,
  destructive: false,
  // pg_switch_wal() on the target closes a segment; nothing else is written.
  writes: true,
  repeatable: true,
  describe(args, target) {
    return [
      ...(args.switch_wal ? ['SELECT pg_switch_wal(), and wait until that segment is archived (best effort)'] : []),
      `pg_waldump -r Transaction -p ${target.wal_archive ?? '<wal_archive>'} -s <start of the newest base backup before ${args.restore_to}> -e <end of the archive>`,
      `a commit after ${args.restore_to} in the archive → restore to that time; none → restore to the archive's last commit (end of the archive)`,
    ];
  },
};
