import { existsSync, readdirSync } from 'node:fs';
import type { Target } from '../../config/schema.js';
import type { Evidence } from '../../engine/types.js';
import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';
import { queryRows } from './pitr-sql.js';
import { isSegmentName, missingSegments, parseSegment } from './wal-segments.js';

export function walArchiveDir(target: Target, dir?: string): string {
  const archive = dir ?? target.wal_archive;
  if (!archive) {
    throw new ActionError(`target ${target.name} has no wal_archive`, {
      hint: 'Set wal_archive: /path (where archive_command copies WAL) in pitstop.yaml, or use pgbackrest.',
    });
  }
  if (!existsSync(archive)) {
    throw new ActionError(`the WAL archive ${archive} does not exist`, { hint: 'Check wal_archive in pitstop.yaml and the server archive_command.' });
  }
  return archive;
}

/** WAL segment files in the archive (partial, history and backup-label files left out). */
export function archivedSegments(archive: string): Set<string> {
  return new Set(readdirSync(archive).filter(isSegmentName));
}

/**
 * Closes the current WAL segment on the server (`pg_switch_wal()`) and waits until the
 * archiver has copied it: after this, every commit made before the call is in the archive.
 * Returns the name of that segment.
 */
export async function switchAndWaitArchived(ctx: Pick<ActionContext, 'sql' | 'signal' | 'log' | 'target'>, archive: string | null, timeoutMs = 60_000): Promise<string> {
  const on = ctx.target.name;
  const [row] = await queryRows(ctx, on, 'SELECT pg_walfile_name(pg_switch_wal()) AS segment', [], { readOnly: false });
  const segment = String(row!['segment']);
  ctx.log(`pg_switch_wal(): waiting for ${segment} to be archived${archive ? ` in ${archive}` : ''}`);
  const deadline = Date.now() + timeoutMs;
  // Archived when the file is there, or when the archiver says it handed over this segment or
  // a later one (a file lost since is then reported by the gap check, not waited for).
  const archived = async (): Promise<boolean> => {
    if (archive && existsSync(`${archive}/${segment}`)) return true;
    const [s] = await queryRows(ctx, on, 'SELECT last_archived_wal FROM pg_stat_archiver');
    const last = s?.['last_archived_wal'];
    return typeof last === 'string' && last.slice(0, 24) >= segment;
  };
  while (!(await archived())) {
    if (Date.now() > deadline || ctx.signal.aborted) {
      const [stat] = await queryRows(ctx, on, 'SELECT last_archived_wal, last_failed_wal, failed_count FROM pg_stat_archiver');
      throw new ActionError(`WAL segment ${segment} was not archived within ${timeoutMs / 1000} s (pg_stat_archiver: last archived ${String(stat?.['last_archived_wal'])}, last failed ${String(stat?.['last_failed_wal'])})`, {
        hint: 'The archive_command is failing or slow: check the server log. Until it works, commits are not recoverable by PITR.',
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return segment;
}

export interface GapReport {
  first: string;
  last: string;
  missing: string[];
  evidence: Evidence;
}

/** Checks that every segment from `first` to `last` (same timeline) is in the archive. */
export function checkArchiveContinuity(archive: string, first: string, last: string, segSize: number): GapReport {
  const present = archivedSegments(archive);
  const tli = parseSegment(first, segSize).tli;
  // After a promotion the newest segments are on a later timeline: a segment number counts
  // as archived on either timeline.
  const has = (name: string): boolean => present.has(name) || present.has(`${last.slice(0, 8)}${name.slice(8)}`);
  const missing = missingSegments(tli, first, `${first.slice(0, 8)}${last.slice(8)}`, has, segSize);
  const count = Number(parseSegment(last, segSize).seg - parseSegment(first, segSize).seg) + 1;
  return {
    first,
    last,
    missing,
    evidence: {
      label: `WAL archive continuous from ${first} to ${last}`,
      expected: 'no missing segment',
      actual: missing.length === 0 ? `${count} segment(s), none missing` : `${missing.length} missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      pass: missing.length === 0,
    },
  };
}
