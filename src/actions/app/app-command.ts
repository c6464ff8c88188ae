import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';

type AppCommand = 'stop' | 'start' | 'health' | 'migrate';

const SUMMARIES: Record<AppCommand, string> = {
  stop: 'Stop the application (command from the target’s app.stop)',
  start: 'Start the application (command from the target’s app.start)',
  health: 'Check the application’s health (command from the target’s app.health)',
  migrate: 'Run the application’s migrations (command from the target’s app.migrate)',
};

/**
 * `app.stop|start|health|migrate`: run the argv the target declares under `app:`.
 * The command comes from pitstop.yaml, never from the runbook, so one runbook serves
 * every target.
 */
export function appCommandAction(which: AppCommand): ActionDefinition<Record<string, never>> {
  return {
    name: `app.${which}`,
    engine: 'any',
    summary: SUMMARIES[which],
    args: z.object({}).strict() as z.ZodType<Record<string, never>>,
    destructive: false,
    writes: which !== 'health',
    repeatable: which !== 'migrate',
    describe(_args, target) {
      const app = target['app'] as Partial<Record<AppCommand, string[]>> | undefined;
      const argv = app?.[which];
      return argv ? [argv.map(shellQuoteForDisplay).join(' ')] : [`(target ${target.name} has no app.${which} command)`];
    },
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

/** Show an argv the way a person would paste it; for display only, never executed. */
export function shellQuoteForDisplay(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
