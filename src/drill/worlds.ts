import { rmSync } from 'node:fs';
import { sandboxData } from '../config/sandbox-data.js';
import { UsageError } from '../errors.js';
import { deleteFault } from './fault-delete.js';
import type { WorldSchema } from './from-target.js';
import type { FromTarget } from './from-target-source.js';
import { buildLibsqlWorld } from './libsql-world.js';
import type { DrillScenario } from './scenarios.js';
import { seedWriterPlan } from './seed-application.js';
import type { DrillWorld, Fault } from './types.js';
import type { WriterPlan } from './writer.js';

/** A built world, the application that writes to it, and the fault that will break it. */
export interface WorldKit {
  world: DrillWorld;
  application: WriterPlan;
  fault: Fault;
  /** With `--from-target`: the target's tables the world was made of. */
  schema?: WorldSchema;
}

/**
 * Builds the scenario's world under `dir`. One engine and one fault today: a PostgreSQL world
 * (a throwaway cluster) and the other faults are added here, behind the same interfaces.
 */
export async function buildWorld(scenario: DrillScenario, faultKind: string, dir: string, now: Date, home: string, fromTarget?: FromTarget): Promise<WorldKit> {
  if (fromTarget) return (await import('./from-target.js')).buildFromTargetWorld(fromTarget, scenario, faultKind, dir, now, home);
  if (scenario.engine !== 'libsql' || faultKind !== 'delete') {
    throw new UsageError(`a ${scenario.engine} world with the fault ${faultKind} cannot be built yet`, { hint: 'libSQL worlds with the fault delete can.' });
  }
  const table = faultTable(scenario.runbookId);
  const world = await buildLibsqlWorld(dir, now, home);
  return { world, application: await seedWriterPlan(world, table), fault: deleteFault(table) };
}

/** The table the fault deletes from: the one the world's target names for this runbook (`params.table`). */
function faultTable(runbookId: string): string {
  const table = sandboxData().params?.[runbookId]?.['table'];
  return typeof table === 'string' ? table : 'tickets';
}

/** Removes a world's directory (its databases, backups and targets file), built or half-built. */
export function removeWorld(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
