import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult } from '../../executors/types.js';
import { ActionError } from '../../errors.js';
import { runAsPostgresArgv } from '../../postgres/server-env.js';
import type { ActionContext } from '../types.js';
import { libpqEnv } from './libpq-env.js';

/** How `runTool` runs a tool. */
export interface ToolOptions {
  /** Connect to this libpq URL (passed as PG* variables, the password never in argv). */
  url?: string;
  env?: Record<string, string>;
  /** Run as the `postgres` OS user when we are root (server binaries, pgBackRest). */
  asPostgres?: boolean;
  timeoutMs?: number;
  /** Exit codes that are not a failure (besides 0). */
  okCodes?: number[];
  /** What to do when it fails (default: where to read its whole output). */
  hint?: string;
}

/**
 * Runs a tool through the step's command executor (argv, no shell, killable, output to the
 * step log) and turns a failure into a ActionError that says what ran, how it ended, the
 * tool's cause line and last words, and what to do.
 */
export async function runTool(ctx: Pick<ActionContext, 'commands' | 'signal'>, argv: string[], what: string, opts: ToolOptions = {}): Promise<CommandResult> {
  const env = { ...(opts.url ? libpqEnv(opts.url) : {}), ...opts.env };
  const result = await ctx.commands.run(
    {
      kind: 'command',
      argv: opts.asPostgres ? runAsPostgresArgv(argv) : argv,
      ...(Object.keys(env).length > 0 ? { env } : {}),
      // As another user, our working directory may be closed to it ("could not change directory").
      ...(opts.asPostgres ? { cwd: '/' } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    },
    { signal: ctx.signal },
  );
  if (result.spawnError) {
    throw new ActionError(`${what} could not start: ${result.spawnError}`, { hint: opts.hint ?? 'Check that the program is installed (PostgreSQL tools: pg_config --bindir).' });
  }
  const failed = result.timedOut || (result.exitCode !== 0 && !(opts.okCodes ?? []).includes(result.exitCode ?? -1));
  if (!failed) return result;
  const how = result.timedOut ? 'timed out' : ctx.signal.aborted ? 'was stopped' : `failed (exit ${result.exitCode ?? 'by a signal'})`;
  const said = lastWords(result.stderr.trim() || result.stdout.trim(), 6);
  const hint = opts.hint ?? (result.timedOut ? 'Give the step a longer timeout.' : `See the step log for the whole output of ${what}.`);
  throw new ActionError(`${what} ${how}${said ? `: ${said}` : ''}`, { hint });
}

/** The first `error:` line (the cause; what follows is context) and the last `n` lines. */
function lastWords(text: string, n: number): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines.find((l) => /\berror:/i.test(l));
  const tail = lines.slice(-n).filter((l) => l !== first);
  return [...(first ? [first] : []), ...tail].join(' | ');
}

/** A private temporary directory for `fn`, removed afterwards whatever happens. */
export async function withWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pitstop-dump-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
