import { chown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PitstopError } from '../../errors.js';
import type { CommandResult } from '../../executors/types.js';
import { runAsPostgresArgv } from '../../postgres/server-env.js';
import type { ActionContext } from '../types.js';
import { libpqEnv } from './libpq-env.js';

export interface ToolOptions {
  /** Connect to this libpq URL (passed as PG* variables, the password never in argv). */
  url?: string;
  env?: Record<string, string>;
  /** Run as the `postgres` OS user when we are root (server binaries, pgBackRest). */
  asPostgres?: boolean;
  timeoutMs?: number;
  /** Exit codes that are not a failure (besides 0). */
  okCodes?: number[];
}

/**
 * Runs a PostgreSQL tool through the run's command executor (argv, no shell; its output goes
 * to the step log) and throws a PitstopError with the end of its stderr when it fails.
 */
export async function runTool(ctx: Pick<ActionContext, 'commands' | 'signal'>, argv: string[], what: string, opts: ToolOptions = {}): Promise<CommandResult> {
  const env = { ...(opts.url ? libpqEnv(opts.url) : {}), ...opts.env };
  const full = opts.asPostgres ? runAsPostgresArgv(argv) : argv;
  const result = await ctx.commands.run(
    // As another user, our working directory may be closed to it ("could not change directory").
    { kind: 'command', argv: full, env, ...(opts.asPostgres ? { cwd: '/' } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
    { signal: ctx.signal },
  );
  if (result.spawnError) throw new PitstopError(`${what} could not start: ${result.spawnError}`, { hint: 'Is the PostgreSQL client installed (pg_config --bindir)?' });
  if (result.timedOut) throw new PitstopError(`${what} timed out`, { hint: 'Give the step a longer timeout.' });
  if (result.exitCode !== 0 && !(opts.okCodes ?? []).includes(result.exitCode ?? -1)) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-6).join('\n');
    throw new PitstopError(`${what} failed (exit ${result.exitCode}): ${tail}`, { hint: `See the step log for the whole output of ${what}.` });
  }
  return result;
}

/** Bytes of every file under `dir`. */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await dirSize(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}

/** chown -R (symlinks themselves, not their targets). */
export async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  const info = await lstat(path);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    await chownTree(child, uid, gid);
  }
}
