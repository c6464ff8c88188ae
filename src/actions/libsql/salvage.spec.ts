import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** The damaged file kept by the restore (a local path or `file:` URL). */
    from: z.string().min(1),
    /** Only these tables; default: every table production has. */
    tables: z.array(z.string().min(1)).optional(),
    batch_size: z.number().int().min(1).max(500).default(500),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.salvage`: after a restore, every table of production gets back the rows the
 * damaged file still holds and the backup lacked, like `libsql.copy-rows` table by table
 * (each by its shape: primary key, single or composite; else a unique NOT NULL index; else all
 * columns as a multiset; never overwriting, parents before children so foreign keys hold; a
 * row whose parent production lacks is counted in `orphans`, not written). Rows on damaged
 * pages are counted per table. A table that cannot be read (damaged, and without a rowid key
 * to read around the damage by) is named in `unsalvaged`, never skipped silently.
 *
 * Outputs: `tables` (salvaged), `copied`, `unreadable`, `lost_after_copy`, `lost`, `lost_tables`,
 * `orphans`, `unsalvaged`, `unsalvaged_count`, and per table `copied_<table>`, `lost_<table>`,
 * `strategy_<table>` (and `orphans_<table>` when some).
 */
export const salvageSpec: ActionSpec<Args> = {
  name: 'libsql.salvage',
  engine: 'libsql',
  summary: 'Copy back, table by table, every row a damaged file still holds that production lacks',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const which = args.tables ? args.tables.join(', ') : 'every table';
    return [`for ${which} of ${target.name}, parents first: INSERT the rows of ${args.from} production lacks, matched by each table's key (or all columns as a multiset when it has none; existing rows skipped), batches of ${args.batch_size}`];
  },
};
