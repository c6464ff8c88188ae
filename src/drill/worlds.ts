import { rmSync } from 'node:fs';
import { sandboxData } from '../config/sandbox-data.js';
import { UsageError } from '../errors.js';
import { deleteFault } from './fault-delete.js';
import { libsqlTruncateFault } from './fault-truncate.js';
import { pgTruncateFault } from './fault-truncate-pg.js';
import type { WorldSchema } from './from-target.js';
import type { FromTarget } from './from-target-source.js';
import { buildLibsqlWorld } from './libsql-world.js';
import { pgDeleteFault } from './fault-delete-pg.js';
import { pgWriterPlan } from './pg-application.js';
import { buildPgWorld, removePgServerFiles } from './pg-world.js';
import { PG_DELETION_TABLE } from './pg-world-data.js';
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
 * Builds the scenario's world under `dir`: a libSQL file or a PostgreSQL cluster, with the
 * deletion faults (`delete`, `truncate`); the other faults are added here, behind the same
 * interfaces.
 */
export async function buildWorld(scenario: DrillScenario, faultKind: string, dir: string, now: Date, home: string, fromTarget?: FromTarget): Promise<WorldKit> {
  if (fromTarget) return (await import('./from-target.js')).buildFromTargetWorld(fromTarget, scenario, faultKind, dir, now, home);
  if (scenario.engine === 'postgres' && faultKind === 'delete') return buildPgKit(dir, now, pgDeleteFault(PG_DELETION_TABLE));
  if (scenario.engine === 'postgres' && faultKind === 'truncate') return buildPgKit(dir, now, pgTruncateFault(PG_DELETION_TABLE));
  if (scenario.engine !== 'libsql' || !['delete', 'truncate'].includes(faultKind)) {
    throw new UsageError(`a ${scenario.engine} world with the fault ${faultKind} cannot be built yet`, { hint: 'Worlds with the faults delete and truncate can.' });
  }
  const table = faultTable(scenario.runbookId);
  const world = await buildLibsqlWorld(dir, now, home);
  return { world, application: await seedWriterPlan(world, table), fault: faultKind === 'truncate' ? libsqlTruncateFault(table) : deleteFault(table) };
}

/** A PostgreSQL world whose deletion table's children cascade, the application writing to that table. */
async function buildPgKit(dir: string, now: Date, fault: Fault): Promise<WorldKit> {
  const world = await buildPgWorld(dir, { now, cascadeFrom: PG_DELETION_TABLE });
  try {
    return { world, application: await pgWriterPlan(world, PG_DELETION_TABLE), fault };
  } catch (error) {
    await world.close();
    throw error;
  }
}

/** The table the fault deletes from: the one the world's target names for this runbook (`params.table`). */
function faultTable(runbookId: string): string {
  const table = sandboxData().params?.[runbookId]?.['table'];
  return typeof table === 'string' ? table : 'tickets';
}

/** Removes a world's directory (its databases, backups and targets file, a server's files kept outside it), built or half-built. */
export function removeWorld(dir: string): void {
  removePgServerFiles(dir);
  rmSync(dir, { recursive: true, force: true });
}
