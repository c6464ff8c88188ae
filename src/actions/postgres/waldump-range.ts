import { createInterface } from 'node:readline';
import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';
import { baseBackupsDir, listBaseBackups } from './base-backups.js';
import { archivedSegments } from './wal-archive.js';
import { formatLsn, parseLsn, parseSegment, segmentFromNumber, segmentName, segmentStartLsn } from './wal-segments.js';

/** What pg_waldump's lines are fed to: a scan that counts the records it understood. */
export interface WalLineSink {
  push(line: string): void;
  readonly records: number;
}

/**
 * From the start of the newest base backup that ended before `after` (else the oldest
 * archived segment of the timeline) to the end of the newest archived segment.
 */
export function scanRange(ctx: ActionContext, archive: string, tli: number, segSize: number, after: Date, useBaseBackups: boolean): { start: string; end: string } {
  const onTli = [...archivedSegments(archive)].filter((n) => parseSegment(n, segSize).tli === tli).sort();
  if (onTli.length === 0) throw new ActionError(`the WAL archive ${archive} has no segment of timeline ${tli}`, { hint: 'Is archive_command working? See pg_stat_archiver.' });
  let start = segmentStartLsn(onTli[0]!, segSize);
  const backups = useBaseBackups && ctx.target.backups ? listBaseBackups(baseBackupsDir(ctx.target)) : [];
  const before = backups.filter((b) => Date.parse(b.finished_at) < after.getTime() && b.timeline === tli).pop();
  if (before) {
    const from = parseLsn(before.start_lsn);
    if (onTli.includes(segmentName(tli, from, segSize))) start = from;
  }
  const last = parseSegment(onTli[onTli.length - 1]!, segSize).seg;
  const end = segmentStartLsn(segmentFromNumber(tli, last + 1n, segSize), segSize);
  return { start: formatLsn(start), end: formatLsn(end) };
}

/** Streams pg_waldump into the scan (its output is large: it is parsed, not logged). */
export async function waldump(ctx: ActionContext, argv: string[], scan: WalLineSink): Promise<void> {
  // Loaded on use, like every driver and process library the actions need (lint and list import them all).
  const { execa } = await import('execa');
  const child = execa(argv[0]!, argv.slice(1), { env: { TZ: 'UTC' }, reject: false, buffer: { stdout: false, stderr: true }, cancelSignal: ctx.signal, stdin: 'ignore' });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) scan.push(line);
  const result = await child;
  const stderr = String(result.stderr ?? '').trim();
  if (result.exitCode !== 0) {
    // Reaching a torn or zeroed tail of the last segment is the normal end of an archive.
    if (scan.records > 0 && /invalid record length|could not find a valid record|invalid magic number/.test(stderr)) {
      ctx.log(`pg_waldump stopped at the end of the archived WAL: ${stderr.split('\n').pop()}`);
      return;
    }
    throw new ActionError(`pg_waldump failed (exit ${result.exitCode}): ${stderr.split('\n').slice(-3).join(' ')}`, { hint: 'Check that the WAL archive is readable and complete.' });
  }
}
