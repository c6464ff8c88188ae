import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import { pgBinDir } from '../../postgres/pg-bin.js';
import type { ActionContext } from '../types.js';
import { runTool } from './run-tool.js';
import type { RestoreLayout } from './restore-layout.js';

export interface RecoveryEnd {
  /** The log line saying where replay stopped, if a target stopped it. */
  stopLine: string | null;
  stopXid: string | null;
  stopTime: string | null;
  /** "last completed transaction was at log time …", when the server says it. */
  lastCommitTime: string | null;
  timeline: number;
  /** The last WAL location replayed before the promotion. */
  replayLsn: string | null;
  /** Still in recovery, paused at the target (read-only), not promoted. */
  paused: boolean;
  ms: number;
}

const TARGET_NOT_REACHED = 'recovery ended before configured recovery target was reached';

/**
 * Starts the copy without waiting (`pg_ctl -w` is not trusted: with hot standby it reports
 * "started" as soon as read-only connections work, while replay is still going) and returns
 * the postmaster's pid once its pid file is there: without it the copy could not be stopped.
 */
export async function startCopy(ctx: Pick<ActionContext, 'commands' | 'signal'>, layout: RestoreLayout): Promise<number> {
  const started = Date.now();
  // A copy started again on resume has an older log: only what this start writes counts.
  const logFrom = readLog(layout.logFile).length;
  await runTool(ctx, [join(pgBinDir(), 'pg_ctl'), '-D', layout.dataDir, '-l', layout.logFile, '-W', 'start'], 'pg_ctl start', { asPostgres: true });
  return awaitPidFile(layout, started, logFrom);
}

/** The pid of the copy's postmaster when one is running in its data directory, else null. */
export function runningPostmaster(dataDir: string): number | null {
  const pid = postmasterPid(dataDir);
  return pid !== null && alive(pid) ? pid : null;
}

/**
 * Waits until the started copy has replayed to where it should stop: paused at its target,
 * or promoted (a target at the end of the archive promotes by itself). Polls
 * `pg_is_in_recovery()` while watching that the postmaster is alive and the log says nothing
 * fatal; a target past the end of the archive kills the server with "recovery ended before
 * configured recovery target was reached", which is an error naming the log.
 */
export async function awaitTarget(
  ctx: Pick<ActionContext, 'signal' | 'log'>,
  layout: RestoreLayout,
  url: string,
  pid: number,
  deadline: number,
  until: 'promoted' | 'paused',
): Promise<'paused' | 'promoted'> {
  let lastProgress = '';
  for (;;) {
    if (ctx.signal.aborted) throw new ActionError('the restore was cancelled', { hint: `The copy is being stopped; its log is ${layout.logFile}.` });
    const log = readLog(layout.logFile);
    if (log.includes(TARGET_NOT_REACHED)) {
      const lastCommit = /last completed transaction was at log time (.+)$/m.exec(log)?.[1]?.trim();
      const where = lastCommit ? `; the archive's last commit is at ${lastCommit}` : '';
      throw new ActionError(`the recovery target was not reached: the WAL archive ends before it (${TARGET_NOT_REACHED})${where}`, {
        hint: `Nothing was promoted. Pick an earlier target, or check that the WAL up to it was archived (pg_switch_wal() on the primary). Log: ${layout.logFile}`,
      });
    }
    if (!alive(pid)) throw died(layout, 'the restored server stopped during recovery');
    const state = await recoveryState(url);
    if (state === 'promoted') return 'promoted';
    if (state === 'paused' && until === 'paused') return 'paused';
    if (Date.now() > deadline) {
      throw new ActionError('recovery did not finish in the time given', { hint: `The copy is being stopped. Give the step a longer recovery_timeout; log: ${layout.logFile}` });
    }
    const progress = lastLine(log, /(redo starts|restored log file|consistent recovery state)/);
    if (progress && progress !== lastProgress) ctx.log((lastProgress = progress));
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Ends the recovery of a copy paused at its target (it promotes there, replaying nothing
 * more) and waits until it is out of recovery. A copy that is already promoted is left as
 * it is: promoting twice is never attempted.
 */
export async function promotePaused(url: string, deadline: number, signal: AbortSignal): Promise<'promoted' | 'already'> {
  const state = await recoveryState(url);
  if (state === 'promoted') return 'already';
  if (state !== 'paused') throw new ActionError(`the copy at ${url} is ${state ?? 'not answering'}, not paused at its target: not promoting it`, { hint: 'Check its server log.' });
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query('SELECT pg_wal_replay_resume()');
  } finally {
    await client.end().catch(() => undefined);
  }
  await awaitPromotion(url, Math.max(1000, deadline - Date.now()), signal);
  return 'promoted';
}

/** Polls until the copy is out of recovery (after pg_wal_replay_resume() on a paused copy). */
export async function awaitPromotion(url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await recoveryState(url)) !== 'promoted') {
    if (Date.now() > deadline || signal.aborted) throw new ActionError('the copy did not leave recovery in time', { hint: 'Check its server log.' });
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function readRecoveryEnd(layout: RestoreLayout, url: string, ms: number): Promise<RecoveryEnd> {
  const log = readLog(layout.logFile);
  const stop = /recovery stopping (before|after) (?:commit|abort) of transaction (\d+), time (.+)$/m.exec(log);
  const stopOther = lastLine(log, /recovery stopping (before|after)/);
  const lastCommit = /last completed transaction was at log time (.+)$/m.exec(log);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // A paused copy is still in recovery: no current WAL position yet, the replayed timeline is the one.
    const { rows } = await client.query<{ tli: string; lsn: string | null; paused: boolean }>(
      `SELECT CASE WHEN pg_is_in_recovery() THEN lpad(to_hex((SELECT timeline_id FROM pg_control_checkpoint())), 8, '0')
                   ELSE substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END AS tli,
              pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS paused`,
    );
    return {
      stopLine: stop ? stop[0] : stopOther,
      stopXid: stop ? stop[2]! : null,
      stopTime: stop ? stop[3]!.trim() : null,
      lastCommitTime: lastCommit ? lastCommit[1]!.trim() : null,
      timeline: parseInt(rows[0]!.tli, 16),
      replayLsn: rows[0]!.lsn,
      paused: rows[0]!.paused,
      ms,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Waits until the postmaster has written its pid file; a server that dies first is an error. */
async function awaitPidFile(layout: RestoreLayout, started: number, logFrom: number): Promise<number> {
  for (;;) {
    const pid = postmasterPid(layout.dataDir);
    if (pid !== null) return pid;
    if (/\b(FATAL|PANIC):/.test(readLog(layout.logFile).slice(logFrom))) throw died(layout, 'the restored server did not start');
    if (Date.now() - started > 60_000) throw died(layout, 'the restored server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Where recovery is: still replaying, paused at its target, promoted, or not answering yet (null). */
export async function recoveryState(url: string): Promise<'replaying' | 'paused' | 'promoted' | null> {
  // Loaded on use: the action registry is imported by lint and list, which must stay light.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ r: boolean; p: string | null }>(
      'SELECT pg_is_in_recovery() AS r, CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END AS p',
    );
    const row = rows[0]!;
    return !row.r ? 'promoted' : row.p === 'paused' ? 'paused' : 'replaying';
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function died(layout: RestoreLayout, what: string): ActionError {
  const log = readLog(layout.logFile);
  const fatal = lastLine(log, /\b(FATAL|PANIC):/);
  return new ActionError(`${what}${fatal ? `: ${fatal.replace(/^.*?\b(FATAL|PANIC):\s*/, '')}` : ''}`, {
    hint: `Nothing was promoted. Last lines of ${layout.logFile}:\n${log.trimEnd().split('\n').slice(-8).join('\n')}`,
  });
}

export function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function lastLine(text: string, re: RegExp): string | null {
  const lines = text.split('\n').filter((l) => re.test(l));
  return lines.length ? lines[lines.length - 1]!.trim() : null;
}
