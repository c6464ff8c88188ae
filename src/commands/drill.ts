import type { CliArgs } from '../cli-args.js';
import { UsageError } from '../errors.js';
import { pitstopHome } from '../config/home.js';
import { resolveFromTarget } from '../drill/from-target-source.js';
import { requireServerBinaries } from '../drill/guards.js';
import { chooseScenario, SCENARIOS } from '../drill/scenarios.js';
import { wantsTui } from '../ui/tty.js';

/**
 * `pitstop drill RUNBOOK`: a rehearsal on a throwaway world (product spec §8). Headless for
 * now: on a terminal without `--plain`, `--json` or `--auto` it says so instead of drawing.
 * Exit 0 when the recovery was validated within the runbook's SLA, 1 otherwise.
 */
export async function drillCommand(args: CliArgs): Promise<number> {
  if (wantsTui(args) && !args.auto) {
    throw new UsageError('the drill screen is not there yet: drills run headless for now', {
      hint: `Add --plain (answering with --set, --yes, --confirm drill) or --auto; drillable runbooks: ${SCENARIOS.map((s) => s.runbookId).join(', ')}.`,
    });
  }
  const { scenario, fault } = chooseScenario(args.positionals[0], args.fault);
  if (scenario.engine === 'postgres') requireServerBinaries(scenario.runbookId);
  const fromTarget = await resolveFromTarget(args, scenario, pitstopHome());
  const { runDrill } = await import('../drill/run-drill.js');
  return (await runDrill(args, scenario, fault, fromTarget)).exitCode;
}
