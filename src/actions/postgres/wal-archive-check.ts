import { ActionError } from '../../errors.js';
import { baseBackupsDir, listBaseBackups } from './base-backups.js';
import { checkArchiveContinuity, switchAndWaitArchived, walArchiveDir } from './wal-archive.js';
import type { ActionDefinition } from '../types.js';
import { Args, walArchiveCheckSpec } from './wal-archive-check.spec.js';

/**
 * `postgres.wal-archive-check`: can every moment since the newest verified base backup still
 * be restored? Closes the current WAL segment, waits until it is archived (a broken
 * archive_command fails here), and checks that every segment from the backup's first one
 * to it is in the archive. A missing segment is failing evidence: PITR cannot cross it.
 */
export const walArchiveCheckAction: ActionDefinition<Args> = {
  ...walArchiveCheckSpec,
  async run(args, ctx) {
    const archive = walArchiveDir(ctx.target);
    const newest = listBaseBackups(baseBackupsDir(ctx.target)).pop();
    if (!newest) throw new ActionError(`no verified base backup of ${ctx.target.name}`, { hint: 'Run the pg-backup-base runbook first: without a base backup, no WAL can be replayed.' });
    const last = await switchAndWaitArchived(ctx, archive, args.archive_timeout * 1000);
    const report = checkArchiveContinuity(archive, newest.start_wal, last, newest.segment_size);
    ctx.log(report.evidence.actual);
    return {
      outputs: { base_backup: newest.path, first: report.first, last: report.last, missing: report.missing.length, missing_segments: report.missing.slice(0, 20) },
      evidence: [report.evidence],
    };
  },
};
