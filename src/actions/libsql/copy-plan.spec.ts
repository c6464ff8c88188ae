import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

/** `libsql.copy-plan` arguments. */
export const CopyPlanArgs = z
  .object({
    table: z.string().min(1),
    /** More tables to copy back with it, comma-separated ("" for none). */
    also: z.string().default(''),
    /** Include the tables that reference it through ON DELETE CASCADE, recursively. */
    cascade: z.boolean().default(true),
  })
  .strict();
export type CopyPlanArgs = z.infer<typeof CopyPlanArgs>;

/**
 * `libsql.copy-plan`: decides, on production and before any copy is made, how
 * `libsql.copy-rows` will match the rows of `table` (its primary key, single or composite;
 * else a unique NOT NULL index; else all columns as a multiset) and which other tables it
 * will copy back with it: those that reference it through `ON DELETE CASCADE`, found
 * recursively, and `also`, parents first. Changes nothing; a missing table stops the run here.
 *
 * Outputs: `strategy`, `key_columns`, `summary`, `tables` (comma-separated, in copy order),
 * `children` (the cascade tables, comma-separated), `strategy_<table>` for each table.
 */
export const copyPlanSpec: ActionSpec<CopyPlanArgs> = {
  name: 'libsql.copy-plan',
  engine: 'libsql',
  summary: 'Decide how rows of a table (and its ON DELETE CASCADE children) will be matched for a copy-back (changes nothing)',
  args: CopyPlanArgs,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const t = quoteIdent(args.table);
    const also = args.also.trim() === '' ? '' : `, plus ${args.also}`;
    const cascade = args.cascade ? `, and the tables referencing it ON DELETE CASCADE (pragma foreign_key_list, recursively)${also}` : also;
    return [`read the key of ${t} on ${target.name} (pragma table_xinfo, index_list)${cascade}  -- reads only`];
  },
};
