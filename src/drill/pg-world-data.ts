import type { SandboxData } from '../config/sandbox-data-source.js';
import { PG_SEED_TABLES } from '../sandbox/pg-seed.js';

/** The table the PostgreSQL deletion drill loses rows from: the seed's busiest parent table. */
export const PG_DELETION_TABLE = 'interaction_events';

/**
 * What the PostgreSQL world's `drill` target knows about its data, as a team would write it
 * in pitstop.yaml for the seed's system: every table counted with its newest row after a
 * restore, a check for orphans, and the deletion runbook's table.
 */
export function pgWorldData(): SandboxData {
  return {
    data: {
      tables: Object.fromEntries(PG_SEED_TABLES.map((table) => [table, { newest: 'created_at' }])),
      checks: [
        {
          id: 'no-orphan-events',
          query: 'SELECT count(*) AS n FROM interaction_events e LEFT JOIN projects p ON p.id = e.project_id WHERE p.id IS NULL',
          expect: { n: { eq: 0 } },
        },
      ],
    },
    params: { 'pg-accidental-deletion': { table: PG_DELETION_TABLE } },
  } satisfies SandboxData;
}
