import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { baseBackupsDir, listBaseBackups } from './base-backups.js';
import { checkArchiveContinuity, switchAndWaitArchived, walArchiveDir } from './wal-archive.js';

const Args = z
  .object({
    /** Seconds to wait for the segment pg_switch_wal() closes to reach the archive. */
    archive_timeout: z.coerce.number().int().min(1).default(60),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `postgres.wal-archive-check`: can every moment since the newest verified base backup still
 * be restored? Closes the current WAL segment, waits until it is archived (a broken
 * archive_command fails here), and checks that every segment from the backup's first one
 * to it is in the archive. A missing segment is failing evidence: PITR cannot cross it.
 */
export const walArchiveCheckAction: ActionDefinition<Args> = {
  name: 'postgres.wal-archive-check',
  engine: 'postgres',
  summary: 'Check the WAL archive is continuous from the newest verified base backup to now (pg_switch_wal, then every segment present)',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(_args, target) {
    return ['SELECT pg_switch_wal(), wait until that segment is archived', `every segment since the newest base backup in ${String(target['backups'] ?? '<backups>')}/base present in ${String(target['wal_archive'] ?? '<wal_archive>')}`];
  },
  async run(args, ctx) {
    const archive = walArchiveDir(ctx.target);
    const newest = listBaseBackups(baseBackupsDir(ctx.target)).pop();
    if (!newest) throw new PitstopError(`no verified base backup of ${ctx.target.name}`, { hint: 'Run the pg-backup-base runbook first: without a base backup, no WAL can be replayed.' });
    const last = await switchAndWaitArchived(ctx, archive, args.archive_timeout * 1000);
    const report = checkArchiveContinuity(archive, newest.start_wal, last, newest.segment_size);
    ctx.log(report.evidence.actual);
    return {
      outputs: { base_backup: newest.path, first: report.first, last: report.last, missing: report.missing.length, missing_segments: report.missing.slice(0, 20) },
      evidence: [report.evidence],
    };
  },
};
