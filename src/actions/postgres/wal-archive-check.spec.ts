import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Seconds to wait for the segment pg_switch_wal() closes to reach the archive. */
    archive_timeout: z.coerce.number().int().min(1).default(60),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.wal-archive-check`: can every moment since the newest verified base backup still
 * be restored? Closes the current WAL segment, waits until it is archived (a broken
 * archive_command fails here), and checks that every segment from the backup's first one
 * to it is in the archive. A missing segment is failing evidence: PITR cannot cross it.
 */
export const walArchiveCheckSpec: ActionSpec<Args> = {
  name: 'postgres.wal-archive-check',
  engine: 'postgres',
  summary: 'Check the WAL archive is continuous from the newest verified base backup to now (pg_switch_wal, then every segment present)',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(_args, target) {
    return ['SELECT pg_switch_wal(), wait until that segment is archived', `every segment since the newest base backup in ${target.backups ?? '<backups>'}/base present in ${target.wal_archive ?? '<wal_archive>'}`];
  },
};
