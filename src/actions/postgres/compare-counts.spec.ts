import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Tables to compare (`schema.table` or `table`); default every table of the restored copy. */
    tables: z.array(z.string().min(1)).default([]),
    /**
     * Allowed difference in percent of the larger count: production keeps changing after the
     * dump was taken. 0 demands equal counts (a quiet database, a drill).
     */
    tolerance_pct: z.number().min(0).max(100).default(0),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.compare-counts`: exact row counts (`count(*)`) per table in the restored copy and
 * in production, side by side. A restore that "worked" but holds no rows, or a fraction of
 * them, fails here: `pg_restore --list` alone proves little. A table missing on either side
 * fails too.
 */
export const compareCountsSpec: ActionSpec<Args> = {
  name: 'postgres.compare-counts',
  engine: 'postgres',
  summary: 'Exact row counts per table: the restored copy against production',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const which = args.tables.length ? args.tables.join(', ') : 'every table of the restored copy';
    return [`SELECT count(*) for ${which}, on the restored copy and on ${target.name}; allowed difference ${args.tolerance_pct}%`];
  },
};
