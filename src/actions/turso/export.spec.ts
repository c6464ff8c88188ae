import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    database: z.string().min(1).optional(),
    /** The file to write; default `<backups>/<database>-export-<UTC stamp>.db`. Never overwritten. */
    output: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `turso.export`: `turso db export DB --output-file FILE`, a local SQLite copy of a Turso
 * database, then integrity-checked and checksummed like a snapshot.
 */
export const tursoExportSpec: ActionSpec<Args> = {
  name: 'turso.export',
  engine: 'libsql',
  summary: 'Export a Turso database to a local file (turso db export), checked and checksummed',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const db = args.database ?? target.turso?.database ?? '<turso.database>';
    const out = args.output ?? `${target.backups ?? '<backups>'}/${db}-export-<UTC stamp>.db`;
    return [`turso db export ${db} --output-file ${out}`, 'PRAGMA integrity_check on the file, sha256 → .sha256'];
  },
};
