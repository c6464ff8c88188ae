import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** `quick_check` instead of `integrity_check` (no index-vs-table cross-check; faster). */
    quick: z.boolean().default(false),
    max_errors: z.number().int().min(1).max(10_000).default(100),
    /** Check this file (a snapshot, a restored copy) instead of the target. */
    path: z.string().min(1).optional(),
    /** Fail the step when problems are found (for scheduled verification). */
    fail_on_problems: z.boolean().default(false),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.integrity-check`: `PRAGMA integrity_check` with the problems sorted into the
 * indexes and tables they name, so the runbook can choose REINDEX (only indexes hit) or a
 * restore. Problems are a result, not a failure, unless `fail_on_problems` is set.
 * Outputs: ok, problems, problem_count, indexes, tables, index_only, check.
 */
export const integrityCheckSpec: ActionSpec<Args> = {
  name: 'libsql.integrity-check',
  engine: 'libsql',
  summary: 'PRAGMA integrity_check: report problems and which indexes or tables they hit',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const pragma = args.quick ? 'quick_check' : 'integrity_check';
    return [`PRAGMA ${pragma}(${args.max_errors}) on ${args.path ?? target.name}`];
  },
};
