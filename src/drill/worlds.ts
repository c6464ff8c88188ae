import { rmSync } from 'node:fs';
import pg from 'pg';
import { sandboxData } from '../config/sandbox-data.js';
import { UsageError } from '../errors.js';
import { deleteFault } from './fault-delete.js';
import { lostFileFault } from './fault-lost-file.js';
import { pageFault } from './fault-page.js';
import { libsqlTruncateFault } from './fault-truncate.js';
import { pgTruncateFault } from './fault-truncate-pg.js';
import type { WorldSchema } from './from-target.js';
import type { FromTarget } from './from-target-source.js';
import { buildLibsqlWorld } from './libsql-world.js';
import { pgDeleteFault } from './fault-delete-pg.js';
import { pgPageFault, pgServerFault } from './fault-pg.js';
import { pgWriterPlan } from './pg-application.js';
import { readPgKeys } from './pg-keys.js';
import { buildPgWorld, removePgServerFiles, type PgWorld } from './pg-world.js';
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

/** The faults a libSQL world can suffer, each given the table the application writes to. */
const LIBSQL_FAULTS: Record<string, (table: string) => Fault> = {
  delete: deleteFault,
  truncate: libsqlTruncateFault,
  page: pageFault,
  'lost-file': () => lostFileFault(),
};

/** The faults a PostgreSQL world can suffer; the data faults hit the table the application writes to. */
const PG_FAULTS: Record<string, () => Fault> = {
  delete: () => pgDeleteFault(PG_DELETION_TABLE),
  truncate: () => pgTruncateFault(PG_DELETION_TABLE),
  'heap-page': () => pgPageFault('heap-page', PG_DELETION_TABLE),
  'index-page': () => pgPageFault('index-page', PG_DELETION_TABLE),
  'lost-data-dir': () => pgServerFault('lost-data-dir'),
  stopped: () => pgServerFault('stopped'),
  hung: () => pgServerFault('hung'),
};

/**
 * Builds the scenario's world under `dir`: a libSQL file with any of `LIBSQL_FAULTS`, or a
 * PostgreSQL cluster with any of `PG_FAULTS`, behind the same interfaces.
 */
export async function buildWorld(scenario: DrillScenario, faultKind: string, dir: string, now: Date, home: string, fromTarget?: FromTarget): Promise<WorldKit> {
  if (fromTarget) return (await import('./from-target.js')).buildFromTargetWorld(fromTarget, scenario, faultKind, dir, now, home);
  const makePgFault = PG_FAULTS[faultKind];
  if (scenario.engine === 'postgres' && makePgFault) return buildPgKit(dir, now, makePgFault());
  const makeFault = LIBSQL_FAULTS[faultKind];
  if (scenario.engine !== 'libsql' || !makeFault) {
    throw new UsageError(`a ${scenario.engine} world with the fault ${faultKind} cannot be built yet`, { hint: `libSQL worlds take the faults ${Object.keys(LIBSQL_FAULTS).join(', ')}; PostgreSQL worlds ${Object.keys(PG_FAULTS).join(', ')}.` });
  }
  const table = faultTable(scenario.runbookId);
  const world = await buildLibsqlWorld(dir, now, home);
  return { world, application: await seedWriterPlan(world, table), fault: makeFault(table) };
}

/** A PostgreSQL world whose deletion table's children cascade, the application writing to that table. */
async function buildPgKit(dir: string, now: Date, fault: Fault): Promise<WorldKit> {
  const world = await buildPgWorld(dir, { now, cascadeFrom: PG_DELETION_TABLE });
  try {
    return { world: movable(world), application: await pgWriterPlan(world, PG_DELETION_TABLE), fault };
  } catch (error) {
    await world.close();
    throw error;
  }
}

/** The world, whose keys are read from the server the application was last repointed to. */
function movable(world: PgWorld): PgWorld {
  let production = world.url;
  return {
    ...world,
    repoint: (url) => {
      production = url;
    },
    async keys() {
      const client = new pg.Client({ connectionString: production });
      await client.connect();
      try {
        return await readPgKeys(client);
      } finally {
        await client.end();
      }
    },
  };
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
