import { z } from 'zod';
import { redactUrl } from '../../util/redact.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Check this database instead of the target, e.g. the restored copy (`{{ steps.ID.outputs.restored.url }}`). */
    url: z.string().min(1).optional(),
    /** pg_amcheck -j: connections used in parallel. */
    jobs: z.number().int().min(1).max(64).default(1),
    /** Also read every page of every table (checksums report damaged heap pages on read). */
    read_tables: z.boolean().default(true),
    /** Fail the step unless the verdict is `clean` (to validate a restored copy). */
    fail_on_corruption: z.boolean().default(false),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.amcheck`: the scope of a corruption. pg_amcheck (heap and B-tree checks, every
 * heap tuple looked up in every index), the database's checksum failure counter, and a read
 * of every table. Finding corruption is this step's result, not its failure: the outputs
 * (`verdict` clean | indexes-only | heap, `indexes`, `tables`) are what the runbook branches
 * on. It fails only when it could not check, or with `fail_on_corruption` on a damaged copy.
 */
export const amcheckSpec: ActionSpec<Args> = {
  name: 'postgres.amcheck',
  engine: 'postgres',
  summary: 'Scope of a corruption: pg_amcheck, checksum failures and a read of every table; verdict clean | indexes-only | heap',
  args: Args,
  destructive: false,
  // --install-missing creates the amcheck extension in the checked database when it lacks it.
  writes: true,
  repeatable: true,
  describe(args, target) {
    const where = args.url ? redactUrl(args.url) : `target ${target.name}`;
    return [
      `pg_amcheck --install-missing --heapallindexed -j ${args.jobs} DATABASE   (on ${where}; creates the amcheck extension if missing)`,
      'SELECT checksum_failures FROM pg_stat_database WHERE datname = current_database()',
      ...(args.read_tables ? ['SELECT count(*) FROM ONLY each user table TABLESAMPLE SYSTEM (100)   (reads every page)'] : []),
    ];
  },
};
