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
 * (by primary key, never overwriting, parents before children so foreign keys hold). Rows on
 * damaged pages are counted per table. A table whose rows cannot be matched (no primary key,
 * or a damaged table without a rowid key) is named in `unsalvaged`, never skipped silently.
 *
 * Outputs: `tables` (salvaged), `copied`, `unreadable`, `lost_after_copy`, `lost`, `lost_tables`,
 * `unsalvaged`, `unsalvaged_count`, and per table `copied_<table>` and `lost_<table>`.
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
    return [`for ${which} of ${target.name}, parents first: INSERT the rows of ${args.from} whose primary key production lacks (skip existing keys), batches of ${args.batch_size}`];
  },
};
