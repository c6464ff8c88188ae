import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const names = z.union([z.string().min(1), z.array(z.string().min(1))]);
export const Args = z
  .object({
    /** `true`: every index; a name or list of names: those indexes (or tables). */
    reindex: z.union([z.boolean(), names]).default(false),
    analyze: z.boolean().default(false),
    vacuum: z.boolean().default(false),
    checkpoint: z.boolean().default(false),
  })
  .strict()
  .refine((a) => a.reindex !== false || a.analyze || a.vacuum || a.checkpoint, {
    message: 'choose at least one of reindex, analyze, vacuum, checkpoint',
  });
export type Args = z.infer<typeof Args>;
export function reindexNames(value: Args['reindex']): (string | null)[] {
  if (value === false) return [];
  if (value === true) return [null];
  return (Array.isArray(value) ? value : [value]).filter((n) => n !== '');
}

/**
 * `libsql.maintenance`: REINDEX, ANALYZE, VACUUM and `PRAGMA wal_checkpoint(RESTART)`, each
 * chosen on its own, run in that order. Reports how long each took, and the file size
 * before and after for a local database.
 */
export const maintenanceSpec: ActionSpec<Args> = {
  name: 'libsql.maintenance',
  engine: 'libsql',
  summary: 'REINDEX, ANALYZE, VACUUM and WAL checkpoint, each selectable',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const lines = reindexNames(args.reindex).map((n) => (n === null ? 'REINDEX' : `REINDEX ${quoteIdent(n)}`));
    if (args.analyze) lines.push('ANALYZE');
    if (args.vacuum) lines.push('VACUUM');
    if (args.checkpoint) lines.push('PRAGMA wal_checkpoint(RESTART)');
    return lines.map((l) => `${l}  -- on ${target.name}`);
  },
};
