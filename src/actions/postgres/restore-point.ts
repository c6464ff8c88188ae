import { join } from 'node:path';
import { pgBinDir } from '../../postgres/pg-bin.js';
import type { ActionContext, ActionDefinition, ActionOutcome } from '../types.js';
import { CommitScan } from './commit-scan.js';
import { queryRows } from './pitr-sql.js';
import { utcForPostgres } from './recovery-target.js';
import { archivedSegments, switchAndWaitArchived, walArchiveDir } from './wal-archive.js';
import { DEFAULT_SEGMENT_SIZE, parseSegment } from './wal-segments.js';
import { scanRange, waldump } from './waldump-range.js';
import { Args, restorePointSpec } from './restore-point.spec.js';

/**
 * `postgres.restore-point`: the restore point as a target `postgres.pitr` can reach — the
 * time when a commit follows it in the archive, else the archive's last commit.
 */
export const restorePointAction: ActionDefinition<Args> = {
  ...restorePointSpec,
  async run(args, ctx) {
    const after = utcForPostgres(args.restore_to).utc;
    if (!ctx.target.wal_archive && ctx.target.pgbackrest) return unscanned(args.restore_to, after, ctx);
    const archive = walArchiveDir(ctx.target);
    if (args.switch_wal) {
      await switchAndWaitArchived(ctx, archive).catch((error: Error) => ctx.log(`pg_switch_wal() not possible (${error.message}): reading the archive as it is`));
    }
    const { tli, segSize } = await timelineOf(ctx, archive);
    const range = scanRange(ctx, archive, tli, segSize, after, true);
    const scan = new CommitScan(after);
    ctx.log(`pg_waldump -r Transaction over ${range.start}…${range.end} (timeline ${tli})`);
    await waldump(ctx, [join(pgBinDir(), 'pg_waldump'), '-p', archive, '-t', String(tli), '-r', 'Transaction', '-s', range.start, '-e', range.end], scan);
    const last = scan.last;
    const quiet = scan.firstAfter === null;
    const where = last ? `the archive's last commit is transaction ${last.xid} at ${last.time} (LSN ${last.lsn})` : `the archive has no commit after ${range.start}`;
    const plan = quiet
      ? `nothing was committed after ${after.toISOString()}: ${where}; restoring to the end of the archive (damage on disk writes no WAL)`
      : `${where}; the first commit after ${after.toISOString()} is at ${scan.firstAfter!.time}: restoring to ${args.restore_to}`;
    ctx.log(plan);
    return {
      outputs: {
        quiet,
        plan,
        restore_to_utc: after.toISOString(),
        target_time: quiet ? '' : args.restore_to,
        target_lsn: quiet && last ? last.lsn : '',
        target_latest: quiet && !last,
        inclusive: quiet,
        archive_last_commit: last?.time ?? null,
        archive_last_commit_lsn: last?.lsn ?? null,
        archive_last_commit_xid: last?.xid ?? null,
        first_commit_after: scan.firstAfter?.time ?? null,
        scanned_from: range.start,
        scanned_to: range.end,
      },
      evidence: [{ label: 'restore point', expected: `a commit after ${after.toISOString()}, or a quiet archive`, actual: quiet ? `quiet: ${where}` : `first commit after it at ${scan.firstAfter!.time}`, pass: true }],
    };
  },
};

/**
 * A pgBackRest repository is not read here: the restore goes to the time, as asked (a quiet
 * database then fails at the restore with where the archive's last commit is).
 */
function unscanned(restoreTo: string, after: Date, ctx: Pick<ActionContext, 'log'>): ActionOutcome {
  const plan = `the WAL is in pgBackRest, not read here: restoring to ${restoreTo}`;
  ctx.log(plan);
  return {
    outputs: {
      quiet: false, plan, restore_to_utc: after.toISOString(), target_time: restoreTo, target_lsn: '', target_latest: false, inclusive: false,
      archive_last_commit: null, archive_last_commit_lsn: null, archive_last_commit_xid: null, first_commit_after: null, scanned_from: null, scanned_to: null,
    },
  };
}

/** The timeline and segment size from the server, else (a server that cannot answer) from the archive. */
async function timelineOf(ctx: ActionContext, archive: string): Promise<{ tli: number; segSize: number }> {
  try {
    const [row] = await queryRows(ctx, ctx.target.name,
      `SELECT pg_walfile_name(pg_current_wal_lsn()) AS current, (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS seg`);
    const segSize = Number(row!['seg']);
    return { tli: parseSegment(String(row!['current']), segSize).tli, segSize };
  } catch {
    const newest = [...archivedSegments(archive)].sort().pop();
    return { tli: newest ? parseSegment(newest).tli : 1, segSize: DEFAULT_SEGMENT_SIZE };
  }
}
