import { existsSync } from 'node:fs';
import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { restoreCommand } from '../../postgres/conf.js';
import { pgBinDir } from '../../postgres/pg-bin.js';
import { postgresOwner } from '../../postgres/server-env.js';
import { type BaseBackup, baseBackupsDir, chooseBaseBackup, describeStop, listBaseBackups } from './base-backups.js';
import { socketUrl, userAndDatabase } from './libpq-env.js';
import { checkPgbackrestCovers, pgbackrestBackups, pgbackrestRestore } from './pgbackrest.js';
import { runTool } from './run-tool.js';
import { queryRows } from './pitr-sql.js';
import type { RecoveryEnd } from './recovery-watch.js';
import { copiedOutputs, copyFromCheckpoint, recoverCopy, type Copy } from './pitr-stages.js';
import type { Outputs } from '../../engine/types.js';
import { ActionError } from '../../errors.js';
import { describeTarget, utcForPostgres, recoverySettings, recoveryTarget, stopPointOf, type RecoveryTarget } from './recovery-target.js';
import { stopEarlierCopies } from './supersede.js';
import { copyBaseBackup, makeRecoveringCopy, planLayout, restoreParent, type RestoreLayout, writeMarker } from './restore-layout.js';
import { walArchiveDir } from './wal-archive.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, pitrSpec } from './pitr.spec.js';

/**
 * `postgres.pitr`: a point-in-time copy in a NEW data directory on a new port, never over
 * production. From the newest verified base backup that ends before the target plus the WAL
 * archive, or through pgBackRest. The copy never archives, is promoted at the target, and
 * the step only succeeds once `pg_is_in_recovery()` is false on a live postmaster. Later
 * steps reach it with `on: restored`; `postgres.stop-restored` stops it.
 */
export const pitrAction: ActionDefinition<Args> = {
  ...pitrSpec,
  async run(args, ctx) {
    const target = recoveryTarget(args);
    // Pausing needs a target to pause at; replaying to the end of the archive always promotes.
    const action = args.promote || target.kind === 'latest' ? 'promote' : 'pause';
    const earlier = ctx.done.get('copied');
    const copy = earlier ? continueWith(ctx, earlier) : await newCopy(ctx, args, target);
    const { layout, url } = copy;
    let end: RecoveryEnd;
    try {
      end = await recoverCopy(ctx, copy, { promote: action === 'promote', toEndOfArchive: target.kind === 'latest', timeoutMs: args.recovery_timeout * 1000 });
    } catch (error) {
      await stopCopy(ctx, layout);
      // A copy that would not stop keeps its files: deleting them under a live server helps nobody.
      if (existsSync(join(layout.dataDir, 'postmaster.pid'))) ctx.log(`the copy in ${layout.dataDir} could not be stopped: stop it with pg_ctl -D ${layout.dataDir} stop`);
      // Stopped (a pause, a signal): the step is interrupted, and its resume continues with this copy.
      else if (ctx.signal.aborted) ctx.log(`the copy in ${layout.dataDir} is kept: resuming the run continues its recovery`);
      else await rm(layout.dataDir, { recursive: true, force: true });
      throw error;
    }
    ctx.log(end.stopLine ?? `replayed to the end of the archive${end.lastCommitTime ? ` (last commit ${end.lastCommitTime})` : ''}`);
    ctx.log(end.paused
      ? `paused at the target, read-only, in ${(end.ms / 1000).toFixed(1)} s: ${layout.dataDir}, port ${layout.port}; postgres.promote-restored ends recovery`
      : `promoted on timeline ${end.timeline} in ${(end.ms / 1000).toFixed(1)} s: ${layout.dataDir}, port ${layout.port}`);
    return {
      outputs: {
        data_dir: layout.dataDir,
        port: layout.port,
        socket_dir: layout.socketDir,
        log_file: layout.logFile,
        url,
        source: copy.source,
        base_backup: copy.basePath,
        recovery_target: describeTarget(target),
        stopped_at: end.stopLine,
        stop_xid: end.stopXid,
        stop_time: end.stopTime,
        last_commit_time: end.lastCommitTime,
        timeline: end.timeline,
        replay_lsn: end.replayLsn,
        promoted: !end.paused,
        recovery_ms: end.ms,
      },
      evidence: [
        end.paused
          ? { label: 'restored copy paused at the target', expected: "pg_get_wal_replay_pause_state() = 'paused', postmaster alive", actual: 'paused, read-only', pass: true }
          : { label: 'restored copy promoted', expected: 'pg_is_in_recovery() = false, postmaster alive', actual: `promoted, timeline ${end.timeline}`, pass: true },
      ],
      restored: { engine: 'postgres', url },
    };
  },
};

/**
 * Stage `copied`: the newest fitting backup in a new directory, set up to recover privately.
 * Everything that can refuse does so before a directory is made or a server started.
 */
async function newCopy(ctx: ActionContext, args: Args, target: RecoveryTarget): Promise<Copy> {
  const useBackrest = args.source === 'pgbackrest' || (args.source === 'auto' && ctx.target.pgbackrest !== undefined);
  const plan = useBackrest ? await planBackrest(ctx, target, args.backup_before) : planBase(ctx, target);
  ctx.log(`recovery target: ${describeTarget(target)}; source: ${plan.source}`);
  await refuseInsideProduction(ctx, restoreParent(ctx, args.data_dir));
  await stopEarlierCopies(ctx, restoreParent(ctx, args.data_dir));
  const layout = await planLayout(ctx, args.data_dir, args.port);
  const { user, database } = userAndDatabase(ctx.target.url);
  const copy: Copy = { layout, url: socketUrl(layout.socketDir, layout.port, database, user), source: plan.source, basePath: plan.backup?.path ?? null };
  // A target is paused at, whatever comes next: reaching it and promoting are two stages.
  const atTarget = target.kind === 'latest' ? 'promote' : 'pause';
  try {
    if (plan.backup) {
      ctx.log(`copying base backup ${plan.backup.path} to ${layout.dataDir}`);
      await copyBaseBackup(ctx, plan.backup.path, layout);
      await makeRecoveringCopy(ctx, layout, { restore_command: restoreCommand(plan.archive!), ...recoverySettings(target, atTarget) }, args.listen_addresses);
    } else {
      await mkdir(layout.dataDir, { mode: 0o700 });
      const owner = postgresOwner();
      if (owner) await chown(layout.dataDir, owner.uid, owner.gid);
      await pgbackrestRestore(ctx, layout, target, plan.set, atTarget);
      await makeRecoveringCopy(ctx, layout, {}, args.listen_addresses);
    }
    await writeMarker(layout, { target: ctx.target.name, run_id: ctx.runId, step_id: ctx.stepId, source: plan.source, recovery_target: describeTarget(target), url: copy.url });
  } catch (error) {
    await rm(layout.dataDir, { recursive: true, force: true });
    throw error;
  }
  await ctx.checkpoint('copied', copiedOutputs(copy));
  return copy;
}

/** The copy an interrupted attempt made: its stages done are not repeated. */
function continueWith(ctx: ActionContext, copied: Outputs): Copy {
  const copy = copyFromCheckpoint(copied);
  ctx.log(`continuing the restore in ${copy.layout.dataDir} after stage ${[...ctx.done.keys()].at(-1)} (done: ${[...ctx.done.keys()].join(', ')})`);
  return copy;
}

interface Plan {
  source: string;
  /** pgBackRest backup set to restore (`--set`); its latest when absent. */
  set?: string;
  backup?: BaseBackup;
  archive?: string;
}

function planBase(ctx: ActionContext, target: RecoveryTarget): Plan {
  const archive = walArchiveDir(ctx.target);
  const dir = baseBackupsDir(ctx.target);
  const backup = chooseBaseBackup(listBaseBackups(dir), stopPointOf(target), dir);
  ctx.log(`base backup ${backup.path} (finished ${backup.finished_at}) is the newest that ends before ${describeStop(stopPointOf(target))}`);
  return { source: `base backup + WAL archive ${archive}`, backup, archive };
}

async function planBackrest(ctx: ActionContext, target: RecoveryTarget, backupBefore?: string): Promise<Plan> {
  const stanza = ctx.target.pgbackrest?.stanza ?? '';
  const backups = await pgbackrestBackups(ctx);
  const latest = checkPgbackrestCovers(backups, target, stanza);
  if (target.kind === 'time' || target.kind === 'latest' || !backupBefore) return { source: `pgBackRest stanza ${stanza} (newest backup ${latest.label})` };
  const before = utcForPostgres(backupBefore).utc.getTime();
  const set = backups.filter((b) => b.timestamp.stop * 1000 < before).pop();
  if (!set) {
    throw new ActionError(`no pgBackRest backup of stanza ${stanza} ended before ${backupBefore}: the target is before the oldest backup`, {
      hint: 'Point-in-time recovery only goes forward from a backup.',
    });
  }
  return { source: `pgBackRest stanza ${stanza} (backup ${set.label})`, set: set.label };
}

/**
 * Never in place: a copy under production's own data directory is refused. Best effort — a
 * lost server (the reason for many restores) cannot be asked where its data was.
 */
async function refuseInsideProduction(ctx: ActionContext, parent: string): Promise<void> {
  let dataDirectory: string | null = null;
  try {
    const [row] = await queryRows(ctx, ctx.target.name, "SELECT current_setting('data_directory') AS d");
    dataDirectory = String(row?.['d'] ?? '') || null;
  } catch {
    return;
  }
  if (dataDirectory && (parent === dataDirectory || parent.startsWith(`${dataDirectory}/`))) {
    throw new ActionError(`the restore directory ${parent} is inside production's data directory ${dataDirectory}: refusing`, {
      hint: 'Set restore.data_dir in pitstop.yaml (or data_dir: on the step) to a directory outside it.',
    });
  }
}

/** Stops a copy that did not make it (a server that already died is fine). */
async function stopCopy(ctx: ActionContext, layout: RestoreLayout): Promise<void> {
  // Not ctx.signal: after a cancel the copy must still be stopped.
  const quiet = { commands: ctx.commands, signal: new AbortController().signal };
  await runTool(quiet, [join(pgBinDir(), 'pg_ctl'), '-D', layout.dataDir, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop', { asPostgres: true, okCodes: [1, 3] }).catch(() => undefined);
}
