import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import type { Outputs } from '../../engine/types.js';
import type { ActionContext } from '../types.js';
import { awaitTarget, promotePaused, readRecoveryEnd, runningPostmaster, startCopy, type RecoveryEnd } from './recovery-watch.js';
import type { RestoreLayout } from './restore-layout.js';

/**
 * The stages of `postgres.pitr`, each journaled as a checkpoint when it is done:
 * `copied` (the backup is in the new data directory, set up to recover), `recovering` (its
 * server started in recovery), `reached-target` (replay stopped where it should), `promoted`.
 */
export const PITR_STAGES = ['copied', 'recovering', 'reached-target', 'promoted'] as const;

/** A copy being restored: where it lives, how to reach it, what it came from. */
export interface Copy {
  layout: RestoreLayout;
  url: string;
  source: string;
  basePath: string | null;
}

/** What the `copied` checkpoint records: everything a continuation needs to find the copy. */
export function copiedOutputs(copy: Copy): Outputs {
  const { layout } = copy;
  return {
    base_dir: layout.baseDir,
    data_dir: layout.dataDir,
    socket_dir: layout.socketDir,
    log_file: layout.logFile,
    port: layout.port,
    url: copy.url,
    source: copy.source,
    base_backup: copy.basePath,
  };
}

/**
 * The copy an interrupted attempt made (its `copied` checkpoint), after checking it is still
 * there: never copied again over a directory that may already be recovering.
 */
export function copyFromCheckpoint(outputs: Outputs): Copy {
  const text = (key: string): string => String(outputs[key] ?? '');
  const layout: RestoreLayout = {
    baseDir: text('base_dir'),
    dataDir: text('data_dir'),
    socketDir: text('socket_dir'),
    logFile: text('log_file'),
    port: Number(outputs['port']),
  };
  if (!layout.dataDir || !existsSync(join(layout.dataDir, 'PG_VERSION'))) {
    throw new ActionError(`the copy an earlier attempt of this step restored into ${layout.dataDir || '(unknown)'} is gone`, {
      hint: 'Retry the step (answer retry, or pitstop resume): a failed attempt starts a new copy from the backup.',
    });
  }
  const basePath = outputs['base_backup'];
  return { layout, url: text('url'), source: text('source'), basePath: typeof basePath === 'string' ? basePath : null };
}

/**
 * Brings a copy from `copied` to its end, skipping the stages already done and checking the
 * state each left: its server is started unless it runs (a copy in recovery started again
 * goes on from its last restart point), replay is awaited until it stops where it should
 * (paused at the target; promoted at the end of the archive), and a copy to be promoted is
 * promoted once: one found already promoted is left as it is.
 */
export async function recoverCopy(ctx: ActionContext, copy: Copy, how: { promote: boolean; toEndOfArchive: boolean; timeoutMs: number }): Promise<RecoveryEnd> {
  const { layout, url } = copy;
  const started = Date.now();
  const deadline = started + how.timeoutMs;
  let pid = runningPostmaster(layout.dataDir);
  if (pid !== null) ctx.log(`the copy's server is running (pid ${pid}): going on with it`);
  else {
    if (ctx.done.has('recovering')) ctx.log(`the copy's server is not running: starting it again (recovery goes on from its last restart point)`);
    pid = await startCopy(ctx, layout);
  }
  if (!ctx.done.has('recovering')) await ctx.checkpoint('recovering', { pid });

  // Replay to the end of the archive promotes by itself; a target is paused at, then promoted by us.
  const stop = await awaitTarget(ctx, layout, url, pid, deadline, how.toEndOfArchive ? 'promoted' : 'paused');
  if (!ctx.done.has('reached-target')) await ctx.checkpoint('reached-target', { state: stop });
  if (how.promote && !ctx.done.has('promoted')) {
    if ((await promotePaused(url, deadline, ctx.signal)) === 'already') ctx.log('the copy was already promoted: not promoting it again');
    await ctx.checkpoint('promoted');
  }
  return readRecoveryEnd(layout, url, Date.now() - started);
}
