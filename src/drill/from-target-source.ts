import type { CliArgs } from '../cli-args.js';
import type { Target } from '../config/schema.js';
import { loadTargets } from '../config/targets.js';
import { UsageError } from '../errors.js';
import type { DrillScenario } from './scenarios.js';

/** Rows per table when `--rows` is not given: a few thousand, so a drill stays quick. */
export const DEFAULT_ROWS = 2000;
/** More would make the world's build, not the recovery, the drill. */
export const MAX_ROWS = 200_000;

/** The configured target whose schema a drill's world gets, and how many rows per table. */
export interface FromTarget {
  name: string;
  rows: number;
  target: Target;
}

/**
 * Checks `--from-target NAME [--rows N]` before anything is built: N a positive integer up to
 * MAX_ROWS, NAME a target of pitstop.yaml (or of --config) of the runbook's engine. Usage
 * errors (exit 2) name the targets there are. Undefined without `--from-target`.
 */
export async function resolveFromTarget(args: Pick<CliArgs, 'fromTarget' | 'rows' | 'config'>, scenario: DrillScenario, home: string): Promise<FromTarget | undefined> {
  if (args.fromTarget === undefined) {
    if (args.rows !== undefined) throw new UsageError('--rows goes with --from-target: the seed world has its own rows', { hint: 'Add --from-target NAME (a target of pitstop.yaml), or leave out --rows.' });
    return undefined;
  }
  const rows = parseRows(args.rows);
  const name = args.fromTarget;
  const config = await loadTargets({ ...(args.config === undefined ? {} : { file: args.config }), home });
  if (config.file === null) {
    throw new UsageError(`--from-target ${name}: there is no pitstop.yaml here, so no target to take a schema from`, { hint: 'Run the drill where your pitstop.yaml is, or pass --config FILE.' });
  }
  if (!config.names.includes(name)) {
    throw new UsageError(`--from-target ${name}: no such target in ${config.file}`, { hint: `Its targets: ${config.names.join(', ') || '(none)'}.` });
  }
  const target = config.getTarget(name);
  if (target.engine !== scenario.engine) {
    const same = config.names.filter((n) => n !== name && engineOf(config.getTarget, n) === scenario.engine);
    throw new UsageError(`--from-target ${name}: target ${name} is ${target.engine}, and runbook ${scenario.runbookId} drills ${scenario.engine}`, {
      hint: same.length > 0 ? `${scenario.engine} targets in ${config.file}: ${same.join(', ')}.` : `${config.file} has no ${scenario.engine} target; its targets: ${config.names.join(', ')}.`,
    });
  }
  return { name, rows, target };
}

function parseRows(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ROWS;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > MAX_ROWS) {
    throw new UsageError(`--rows ${text}: expected a whole number of rows per table, from 1 to ${MAX_ROWS.toLocaleString('en')}`, { hint: `Example: --rows 5000 (the default is ${DEFAULT_ROWS}).` });
  }
  return Number(text);
}

/** A target's engine, or undefined when the target cannot be resolved (an unset variable): only for a hint. */
function engineOf(getTarget: (name: string) => Target, name: string): string | undefined {
  try {
    return getTarget(name).engine;
  } catch {
    return undefined;
  }
}
