import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult } from '../../executors/types.js';
import { PitstopError } from '../../errors.js';
import type { ActionContext } from '../types.js';

/**
 * Runs a client tool through the step's command executor (argv, killable, output to the
 * step log) and turns a failure into a PitstopError that says what failed and shows the
 * tool's last words.
 */
export async function runTool(
  ctx: Pick<ActionContext, 'commands' | 'signal'>,
  argv: string[],
  what: string,
  opts: { env?: Record<string, string>; hint?: string } = {},
): Promise<CommandResult> {
  const result = await ctx.commands.run({ kind: 'command', argv, ...(opts.env ? { env: opts.env } : {}) }, { signal: ctx.signal });
  if (result.spawnError) throw new PitstopError(`${what}: ${result.spawnError}`, { hint: opts.hint ?? 'Check that the PostgreSQL client tools are installed.' });
  if (result.exitCode !== 0) {
    const said = lastLines(`${result.stderr}\n${result.stdout}`, 6);
    const how = result.timedOut ? 'timed out' : ctx.signal.aborted ? 'was stopped' : `failed (exit ${result.exitCode ?? 'by a signal'})`;
    throw new PitstopError(`${what} ${how}${said ? `: ${said}` : ''}`, opts.hint ? { hint: opts.hint } : {});
  }
  return result;
}

/** The first `error:` line (the cause; what follows is context) and the last lines. */
function lastLines(text: string, n: number): string {
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
