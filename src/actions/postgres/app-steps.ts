import { setTimeout as sleep } from 'node:timers/promises';
import { PitstopError } from '../../errors.js';
import type { ActionContext } from '../types.js';

export type AppStep = 'stop' | 'start' | 'health' | 'migrate';

/**
 * Runs the target's `app.<step>` argv (pitstop.yaml) when it defines one; returns whether it
 * ran. `attempts` > 1 retries a failing command 2 s apart (a health check right after a start).
 */
export async function runAppStep(ctx: ActionContext, step: AppStep, attempts = 1): Promise<boolean> {
  const argv = ctx.target.app?.[step];
  if (!argv) return false;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    ctx.log(`app.${step}: ${argv.join(' ')}${attempts > 1 ? ` (try ${attempt} of ${attempts})` : ''}`);
    const result = await ctx.commands.run({ kind: 'command', argv }, { signal: ctx.signal });
    if (result.spawnError) throw new PitstopError(`app.${step} could not start: ${result.spawnError}`);
    if (result.exitCode === 0) return true;
    last = result.timedOut ? 'timed out' : `exit code ${result.exitCode}: ${result.stderr.trim().split('\n').pop() ?? ''}`;
    if (attempt < attempts) await sleep(2000, undefined, { signal: ctx.signal });
  }
  throw new PitstopError(`app.${step} failed (${last})`);
}
