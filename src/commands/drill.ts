import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { resolveFromTarget } from '../drill/from-target-source.js';
import { requireServerBinaries } from '../drill/guards.js';
import { chooseScenario } from '../drill/scenarios.js';
import { wantsTui } from '../ui/tty.js';

/**
 * `pitstop drill RUNBOOK`: a rehearsal on a throwaway world (product spec §8). On a terminal
 * (without `--plain`, `--json` or `--auto`) the drill screens: progress, the page with the
 * recovery's parameters, the real runbook's run screen, the score. Headless otherwise.
 * Exit 0 when the recovery was validated within the runbook's SLA, 1 otherwise.
 */
export async function drillCommand(args: CliArgs): Promise<number> {
  // Without a runbook on a terminal: home, showing its Practice section (the drillable runbooks).
  if (!args.positionals[0] && wantsTui(args) && !args.auto) return (await import('./tui.js')).tuiCommand({ kind: 'home', filter: 'practice' }, args);
  const { scenario, fault } = chooseScenario(args.positionals[0], args.fault);
  if (scenario.engine === 'postgres') requireServerBinaries(scenario.runbookId);
  // Checked here, before any screen: a bad --from-target or --rows is a usage error (exit 2).
  const fromTarget = await resolveFromTarget(args, scenario, pitstopHome());
  if (wantsTui(args) && !args.auto) {
    return (await import('./tui.js')).tuiCommand({ kind: 'drill', runbook: scenario.runbookId, options: { fault, guided: args.guided, ...(fromTarget ? { fromTarget } : {}) } }, args);
  }
  const { runDrill } = await import('../drill/run-drill.js');
  return (await runDrill(args, scenario, fault, undefined, fromTarget)).exitCode;
}
