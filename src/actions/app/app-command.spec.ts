import { z } from 'zod';
import { shellQuoteForDisplay } from '../../util/shell-quote-display.js';
import type { ActionSpec } from '../types.js';

export { shellQuoteForDisplay };

export type AppCommand = 'stop' | 'start' | 'health' | 'migrate';

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
export function appCommandSpec(which: AppCommand): ActionSpec<Record<string, never>> {
  return {
    name: `app.${which}`,
    engine: 'any',
    summary: SUMMARIES[which],
    args: z.object({}).strict() as z.ZodType<Record<string, never>>,
    destructive: false,
    writes: which !== 'health',
    repeatable: which !== 'migrate',
    describe(_args, target) {
      const argv = target.app?.[which];
      return argv ? [argv.map(shellQuoteForDisplay).join(' ')] : [`(target ${target.name} has no app.${which} command)`];
    },
  };
}
