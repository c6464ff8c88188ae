import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';

/** The Turso platform CLI, found on PATH like any operator would run it. */
export const TURSO_BIN = 'turso';

/** `turso db create`, `db export`: minutes, not seconds. */
export const SLOW_MS = 15 * 60_000;
const QUICK_MS = 60_000;

/**
 * Runs `turso ARGS…` (argv, no shell) and returns its trimmed stdout. With `secretOutput`
 * (a token is printed) the output is kept out of the step's view and log, and a failure
 * message quotes stderr only.
 * A failure becomes an ActionError with the CLI's last error line.
 */
export async function runTurso(ctx: ActionContext, args: string[], timeoutMs = QUICK_MS, secretOutput = false): Promise<string> {
  const argv = [TURSO_BIN, ...args];
  const result = await ctx.commands.run({ kind: 'command', argv, timeoutMs }, { signal: ctx.signal, secretOutput });
  const shown = `turso ${args.slice(0, 3).join(' ')}`;
  if (result.spawnError) {
    throw new ActionError(`cannot run the Turso CLI: ${result.spawnError}`, {
      hint: 'Install the Turso CLI (and log in with `turso auth login`) on this machine, or run this step by hand.',
    });
  }
  if (result.timedOut) throw new ActionError(`${shown} timed out after ${Math.round(timeoutMs / 1000)}s`, { hint: 'Check Turso status and your network, then run the step again.' });
  if (result.exitCode !== 0) {
    const last = (result.stderr.trim() || (secretOutput ? '' : result.stdout.trim())).split('\n').pop() ?? '';
    throw new ActionError(`${shown} exited with code ${result.exitCode}: ${last}`, {
      hint: 'Check the database name and that you are logged in (`turso auth whoami`).',
    });
  }
  return result.stdout.trim();
}

/** The last non-empty line of a CLI's output (the value, after any banner). */
export function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop() ?? '';
}

/** The Turso database of the step (`database:`) or of the target (`turso.database`). */
export function tursoDatabase(ctx: ActionContext, given: string | undefined): string {
  const name = given ?? ctx.target.turso?.database;
  if (!name) {
    throw new ActionError(`target ${ctx.target.name} has no Turso database`, {
      hint: `Add turso: { database: NAME } to target ${ctx.target.name} in pitstop.yaml, or pass database: to the step.`,
    });
  }
  return name;
}
