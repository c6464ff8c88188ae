import { constants } from 'node:fs';
import { copyFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import { chooseSnapshot } from './choose-snapshot.js';
import { fileUrl, openLocal, withClient } from './client.js';
import { checkIntegrity } from './integrity.js';
import { utcStamp } from '../common/utc.js';
import { backupsDir } from './snapshots.js';
import { makePrivate, privateDir } from './private-files.js';
import type { ActionDefinition } from '../types.js';
import { Args, openSnapshotSpec } from './open-snapshot.spec.js';

/** How to provide a snapshot from where the operator is: the TUI first, then the command line. */
export function takeSnapshotHint(target: string): string {
  return `Take one now: run the libsql-backup runbook on ${target} (q keeps this run; on the home screen choose libsql-backup, or \`pitstop run libsql-backup --target ${target}\`), then come back to this run and choose Retry. Or name a snapshot file with snapshot: PATH.`;
}

/**
 * `libsql.open-snapshot`: makes a verified snapshot the run's restored copy without touching
 * production: the snapshot is copied to a new working file (so the backup itself, and its
 * checksum, stay as they are), integrity-checked, and handed on for `on: restored` queries
 * and `libsql.copy-rows`. The snapshot counterpart of `turso.pitr` and `litestream.restore`
 * in the accidental-deletion runbook.
 */
export const openSnapshotAction: ActionDefinition<Args> = {
  ...openSnapshotSpec,
  async precheck(args, ctx) {
    try {
      await chooseSnapshot(args, ctx.target);
      return null;
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      if (args.snapshot !== undefined) return { reason: error.message, ...(error.hint ? { hint: error.hint } : {}) };
      return { reason: error.message, hint: takeSnapshotHint(ctx.target.name), runFirst: 'libsql-backup' };
    }
  },
  async run(args, ctx) {
    const chosen = await chooseSnapshot(args, ctx.target);
    const dir = backupsDir(ctx.target, args.dir);
    await privateDir(dir, ctx.log);
    const path = join(dir, `${ctx.target.name}-copy-${utcStamp(new Date())}.db`);
    await copyFile(chosen.path, path, constants.COPYFILE_EXCL);
    await makePrivate(path);
    const report = await withClient(openLocal(path), (client) => checkIntegrity(client));
    if (!report.ok) {
      await rm(path, { force: true });
      throw new ActionError(`snapshot ${chosen.path} failed its integrity check: ${report.problems[0]}`, {
        hint: 'Name an older snapshot with snapshot: PATH.',
      });
    }
    const ageS = Math.round((Date.now() - Date.parse(chosen.takenAt)) / 1000);
    ctx.log(`working copy of ${chosen.path} (taken ${chosen.takenAt}, ${ageS}s ago): ${path}`);
    ctx.log('Rows written after the snapshot was taken are not in it: the copy-back counts them.');
    const { size } = await stat(path);
    return {
      outputs: { path, url: fileUrl(path), snapshot: chosen.path, snapshot_taken_at: chosen.takenAt, snapshot_age_s: ageS, size, checksum: chosen.checksum },
      evidence: [{ label: `PRAGMA integrity_check on ${path}`, expected: 'ok', actual: 'ok', pass: true }],
      restored: { engine: 'libsql', url: fileUrl(path) },
    };
  },
};
