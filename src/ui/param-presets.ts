import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { loadConfig } from '../config/load.js';
import type { Runbook } from '../runbook/schema.js';
import { targetParamValues } from '../runbook/target-params.js';
import { chooseTarget } from '../runner/target-choice.js';
import type { ParamFallback } from './app-flow.js';

/**
 * What each parameter field of the form falls back to when left empty, by the run's
 * precedence: the chosen target's `params:` entry, else the runbook's default. Secrets are
 * never shown. The target is chosen as the run will choose it, so a target entry that does
 * not fit (unknown parameter, wrong type) is refused here, before the form opens.
 */
export function presetsFor(runbook: Runbook, args: CliArgs): Record<string, ParamFallback> {
  const targets = loadConfig({ file: args.config, home: pitstopHome() });
  const target = chooseTarget(targets, args.target, runbook);
  const fromTarget = targetParamValues(runbook, target, { given: args.set, file: targets.file, locate: targets.locate });
  const out: Record<string, ParamFallback> = {};
  for (const [name, spec] of Object.entries(runbook.params ?? {})) {
    if (spec.type === 'secret') continue;
    if (Object.hasOwn(fromTarget, name)) out[name] = { value: String(fromTarget[name]), source: `target ${target.name}` };
    else if (spec.default !== undefined) out[name] = { value: String(spec.default), source: 'runbook' };
  }
  return out;
}
