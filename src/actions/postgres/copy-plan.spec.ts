import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

const bool = (fallback: boolean) => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(fallback));

export const Args = z
  .object({
    /** The table that lost rows (`name` or `schema.name`). */
    table: z.string().min(1),
    /**
     * Other tables (comma-separated) that lost rows in the same transaction without an
     * `ON DELETE CASCADE` link to `table`. Default none.
     */
    also: z.string().default(''),
    /** Also plan the tables that reach these through `ON DELETE CASCADE`, recursively (default true). */
    cascade: bool(true),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.copy-plan`: decides, on production's catalog and before anything is restored, how
 * `postgres.copy-rows` will copy rows back (the same planning function): each table's key
 * strategy (primary key, else a unique NOT NULL key, else no key: whole rows as a multiset)
 * and the tables that went with it through `ON DELETE CASCADE`, found recursively, parents
 * first. A table that cannot be matched (missing, or no key and a column type without
 * equality) fails the step with the reason, so the run stops before the restore.
 *
 * Outputs: `strategy`, `key_columns`, `summary` (the strategy in words) of the table;
 * `tables` (every table, in copy order, comma-separated), `children` (the cascade tables),
 * and per table `strategy_NAME` (NAME as listed, every character but letters, digits and
 * `_` made `_`).
 */
export const copyPlanSpec: ActionSpec<Args> = {
  name: 'postgres.copy-plan',
  engine: 'postgres',
  summary: "Plan a copy-back before the restore: each table's key strategy and the tables an ON DELETE CASCADE took with it; refuses a table that cannot be matched",
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const also = args.also.trim() ? ` and ${args.also}` : '';
    return [
      `read-only on ${target.name}: the primary key or unique NOT NULL keys of ${quoteIdent(args.table)}${also} (pg_index)`,
      ...(args.cascade ? [`read-only on ${target.name}: the tables referencing them through ON DELETE CASCADE, recursively (pg_constraint)`] : []),
      `for a table without a key: check that every column can be compared (EXCEPT ALL over no rows)`,
    ];
  },
};
