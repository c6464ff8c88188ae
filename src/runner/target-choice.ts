import { SANDBOX_NAME } from '../config/sandbox.js';
import type { Target } from '../config/schema.js';
import { UsageError, type Location } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';

export interface LoadedTargets {
  file: string | null;
  names: string[];
  getTarget(name: string): Target;
  /** Where a key of pitstop.yaml is, for errors found on use. */
  locate?(path: string[]): Location | undefined;
}

/**
 * Which target a run uses: the one named with --target; otherwise the only one configured
 * (the built-in sandbox when there is no pitstop.yaml, or for a libSQL runbook when
 * pitstop.yaml has no libSQL target). Never a guess between several:
 * at 3 a.m. the wrong database is the worst outcome.
 */
export function chooseTarget(targets: LoadedTargets, requested: string | undefined, runbook: Runbook): Target {
  let name = requested;
  if (!name) {
    const fitting = targets.names.filter((n) => runbook.engine === 'any' || engineOf(targets, n) === runbook.engine);
    if (fitting.length === 0 && runbook.engine === 'libsql' && targets.file !== null && !targets.names.includes(SANDBOX_NAME)) {
      // No libSQL target is configured: the built-in sandbox is the only libSQL database there
      // is, and never production, so a libSQL runbook is not a guess there.
      name = SANDBOX_NAME;
    } else if (targets.names.length === 1) name = targets.names[0];
    else if (fitting.length === 1 && targets.file === null) name = fitting[0];
    else {
      throw new UsageError(`this runbook needs a target: pitstop.yaml has ${targets.names.join(', ')}`, {
        hint: 'Pass --target NAME.',
      });
    }
  }
  const target = targets.getTarget(name!);
  if (runbook.engine !== 'any' && runbook.engine !== target.engine) {
    throw new UsageError(
      `runbook ${runbook.id} is for ${runbook.engine}, but target ${target.name} is ${target.engine}`,
      { hint: `Pick a ${runbook.engine} target with --target, or a runbook for ${target.engine} (pitstop list).` },
    );
  }
  return target;
}

function engineOf(targets: LoadedTargets, name: string): string | undefined {
  try {
    return targets.getTarget(name).engine;
  } catch {
    return undefined;
  }
}
