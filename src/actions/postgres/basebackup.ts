import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '../../engine/types.js';
import { ActionError } from '../../errors.js';
import { pgBinDir } from '../../postgres/pg-bin.js';
import { utcStamp } from '../common/utc.js';
import { type BaseBackupMeta, baseBackupsDir, listBaseBackups, writeMeta } from './base-backups.js';
import { dirSize } from './file-tree.js';
import { runTool } from './run-tool.js';
import { queryRows } from './pitr-sql.js';
import { checkArchiveContinuity, switchAndWaitArchived } from './wal-archive.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, basebackupSpec } from './basebackup.spec.js';

/**
 * `postgres.basebackup`: a plain-format base backup streamed with its WAL, written under a
 * temporary name, checked with `pg_verifybackup` against its SHA-256 manifest, then
 * renamed to `<backups>/base/<UTC stamp>` with pitstop's record beside it (start and stop
 * LSN, times). Only a verified backup carries a final name, so PITR never picks a broken
 * one. Then the WAL archive is checked for gaps from the backup's first segment to the one
 * `pg_switch_wal()` just closed, and older backups beyond `keep` are pruned (never the
 * newest).
 */
export const basebackupAction: ActionDefinition<Args> = {
  ...basebackupSpec,
  async run(args, ctx) {
    const dir = baseBackupsDir(ctx.target, args.dir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const started = new Date();
    const finalPath = freshPath(dir, utcStamp(started));
    const partial = join(dir, `.${finalPath.split('/').pop()}.partial`);
    const bin = pgBinDir();
    try {
      await runTool(ctx, [join(bin, 'pg_basebackup'), '-D', partial, '-Fp', '-X', 'stream', '-c', 'fast', '--manifest-checksums=SHA256', '-l', `pitstop ${ctx.runId}`], 'pg_basebackup', { url: ctx.target.url });
      await runTool(ctx, [join(bin, 'pg_verifybackup'), partial], 'pg_verifybackup');
      const finished = new Date();
      const label = parseBackupLabel(await readFile(join(partial, 'backup_label'), 'utf8'));
      const manifest = await readFile(join(partial, 'backup_manifest'), 'utf8');
      const stopLsn = manifestStopLsn(manifest);
      const [facts] = await queryRows(ctx, ctx.target.name,
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS seg");
      const meta: BaseBackupMeta = {
        target: ctx.target.name,
        started_at: started.toISOString(),
        finished_at: finished.toISOString(),
        start_lsn: label.startLsn,
        stop_lsn: stopLsn,
        start_wal: label.startWal,
        timeline: label.timeline,
        segment_size: Number(facts!['seg']),
        xmin_after: String(facts!['xmin']),
        verified: true,
        size: await dirSize(partial),
      };
      await writeMeta(partial, meta);
      await rename(partial, finalPath);
      ctx.log(`verified base backup ${finalPath} (${meta.size} bytes, start ${meta.start_lsn}, stop ${meta.stop_lsn})`);
      const evidence: Evidence[] = [{ label: `pg_verifybackup ${finalPath}`, expected: 'backup successfully verified', actual: 'backup successfully verified', pass: true }];
      const archive = await checkArchive(args, ctx, meta);
      if (archive) evidence.push(archive.evidence);
      const pruned = args.keep ? await prune(dir, args.keep, finalPath, ctx) : [];
      return {
        outputs: {
          path: finalPath,
          size: meta.size,
          // The backup's own checksum: its manifest's (pg_verifybackup checked every file against it).
          sha256: manifestChecksum(manifest),
          duration_ms: finished.getTime() - started.getTime(),
          start_lsn: meta.start_lsn,
          stop_lsn: meta.stop_lsn,
          start_wal: meta.start_wal,
          start_time: meta.started_at,
          finished_at: meta.finished_at,
          timeline: meta.timeline,
          verified: true,
          archive_missing: archive ? archive.missing.length : null,
          archive_last_segment: archive ? archive.last : null,
          pruned,
        },
        evidence,
      };
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  },
};

async function checkArchive(args: Args, ctx: ActionContext, meta: BaseBackupMeta) {
  const archive = ctx.target.wal_archive;
  if (args.check_archive === false || (!archive && args.check_archive === undefined)) return null;
  if (!archive) throw new ActionError(`check_archive is on but target ${ctx.target.name} has no wal_archive`, { hint: 'Set wal_archive in pitstop.yaml.' });
  const last = await switchAndWaitArchived(ctx, archive);
  const report = checkArchiveContinuity(archive, meta.start_wal, last, meta.segment_size);
  ctx.log(report.evidence.actual);
  return report;
}

/** Deletes verified base backups beyond the newest `keep`; the one just made is never among them. */
async function prune(dir: string, keep: number, newest: string, ctx: ActionContext): Promise<string[]> {
  const all = listBaseBackups(dir).filter((b) => b.path !== newest);
  const doomed = all.slice(0, Math.max(0, all.length - (keep - 1)));
  for (const b of doomed) {
    ctx.log(`pruning base backup ${b.path} (finished ${b.finished_at})`);
    await rm(b.path, { recursive: true, force: true });
  }
  return doomed.map((b) => b.path);
}

function freshPath(dir: string, stamp: string): string {
  let path = join(dir, stamp);
  for (let n = 2; existsSync(path) || existsSync(join(dir, `.${path.split('/').pop()}.partial`)); n++) path = join(dir, `${stamp}-${n}`);
  return path;
}

/** START WAL LOCATION and START TIMELINE from a backup_label. */
export function parseBackupLabel(text: string): { startLsn: string; startWal: string; timeline: number } {
  const loc = /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+) \(file ([0-9A-F]{24})\)$/m.exec(text);
  const tli = /^START TIMELINE: (\d+)$/m.exec(text);
  if (!loc || !tli) throw new ActionError('the backup_label of the new base backup cannot be read', { hint: 'Is this a PostgreSQL 15+ server?' });
  return { startLsn: loc[1]!, startWal: loc[2]!, timeline: Number(tli[1]) };
}

/** The SHA-256 the manifest records of itself (`Manifest-Checksum`): one checksum for the whole backup. */
export function manifestChecksum(manifest: string): string | null {
  const sum = (JSON.parse(manifest) as { 'Manifest-Checksum'?: unknown })['Manifest-Checksum'];
  return typeof sum === 'string' && /^[0-9a-f]{64}$/.test(sum) ? sum : null;
}

/** The End-LSN of the last WAL range in a backup manifest: the backup is consistent there. */
export function manifestStopLsn(manifest: string): string {
  const ranges = (JSON.parse(manifest) as { 'WAL-Ranges'?: { 'End-LSN': string }[] })['WAL-Ranges'] ?? [];
  const last = ranges[ranges.length - 1];
  if (!last) throw new ActionError('the backup manifest has no WAL range', { hint: 'pg_basebackup did not finish normally.' });
  return last['End-LSN'];
}
