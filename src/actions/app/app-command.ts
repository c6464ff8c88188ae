import { setTimeout as sleep } from 'node:timers/promises';
import { ActionError } from '../../errors.js';
import type { CommandResult } from '../../executors/types.js';
import { runTool } from '../postgres/run-tool.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { appCommandSpec, shellQuoteForDisplay, type AppCommand } from './app-command.spec.js';

export { shellQuoteForDisplay } from './app-command.spec.js';
export type { AppCommand } from './app-command.spec.js';

/** Time between tries of a failing app command (an app takes a moment to come up). */
const RETRY_DELAY_MS = 2000;

/**
 * Runs the target's `app.<which>` argv (pitstop.yaml); null when the target declares none.
 * `attempts` > 1 retries a failing command 2 s apart (a health check right after a start);
 * the last failure is thrown, saying how it ended and what the command said.
 */
export async function runAppCommand(ctx: ActionContext, which: AppCommand, attempts = 1): Promise<CommandResult | null> {
  const argv = ctx.target.app?.[which];
  if (!argv) return null;
  const shown = argv.map(shellQuoteForDisplay).join(' ');
  for (let attempt = 1; ; attempt += 1) {
    ctx.log(`app.${which}: ${shown}${attempts > 1 ? ` (try ${attempt} of ${attempts})` : ''}`);
    try {
      return await runTool(ctx, argv, `app.${which}`, { hint: `Check app.${which} in pitstop.yaml; the step log has the command's whole output.` });
    } catch (error) {
      if (attempt >= attempts || ctx.signal.aborted) throw error;
    }
    await sleep(RETRY_DELAY_MS, undefined, { signal: ctx.signal });
  }
}

/** `app.stop|start|health|migrate`, run: the argv the target declares under `app:`. */
export function appCommandAction(which: AppCommand): ActionDefinition<Record<string, never>> {
  return {
    ...appCommandSpec(which),
    async run(_args, ctx) {
      const result = await runAppCommand(ctx, which);
      if (!result) {
        throw new ActionError(`Target ${ctx.target.name} has no app.${which} command.`, {
          hint: `Add app: { ${which}: [...] } to the target in pitstop.yaml, or mark this step done by hand.`,
        });
      }
      return { outputs: { exit_code: result.exitCode, stdout: result.stdout } };
    },
  };
}
