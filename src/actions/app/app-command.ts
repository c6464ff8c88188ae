import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { appCommandSpec, type AppCommand } from './app-command.spec.js';

export { shellQuoteForDisplay } from './app-command.spec.js';

/** `app.stop|start|health|migrate`, run: the argv the target declares under `app:`. */
export function appCommandAction(which: AppCommand): ActionDefinition<Record<string, never>> {
  return {
    ...appCommandSpec(which),
    async run(_args, ctx) {
      const argv = ctx.target.app?.[which];
      if (!argv) {
        throw new PitstopError(`Target ${ctx.target.name} has no app.${which} command.`, {
          hint: `Add app: { ${which}: [...] } to the target in pitstop.yaml, or mark this step done by hand.`,
        });
      }
      const result = await ctx.commands.run({ kind: 'command', argv }, { signal: ctx.signal });
      if (result.spawnError) throw new PitstopError(result.spawnError, { hint: `Check app.${which} in pitstop.yaml.` });
      if (result.timedOut) throw new PitstopError(`app.${which} timed out`);
      if (result.exitCode !== 0) {
        throw new PitstopError(`app.${which} exited with code ${result.exitCode}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
      }
      return { outputs: { exit_code: result.exitCode, stdout: result.stdout } };
    },
  };
}
