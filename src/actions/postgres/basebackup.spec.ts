import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Parent directory of `base/`; defaults to the target's `backups`. */
    dir: z.string().min(1).optional(),
    /** Keep this many verified base backups (the new one included); older ones are deleted. */
    keep: z.coerce.number().int().min(1).optional(),
    /** Check the WAL archive for gaps since the backup (needs the target's `wal_archive`). Default: when there is one. */
    check_archive: z.coerce.boolean().optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.basebackup`: a plain-format base backup streamed with its WAL, written under a
 * temporary name, checked with `pg_verifybackup` against its SHA-256 manifest, then
 * renamed to `<backups>/base/<UTC stamp>` with pitstop's record beside it (start and stop
 * LSN, times). Only a verified backup carries a final name, so PITR never picks a broken
 * one. Then the WAL archive is checked for gaps from the backup's first segment to the one
 * `pg_switch_wal()` just closed, and older backups beyond `keep` are pruned (never the
 * newest).
 */
export const basebackupSpec: ActionSpec<Args> = {
  name: 'postgres.basebackup',
  engine: 'postgres',
  summary: 'Base backup for PITR (pg_basebackup -X stream), verified with pg_verifybackup; WAL archive checked for gaps; old ones pruned by count',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const dir = `${args.dir ?? target.backups ?? '<backups>'}/base`;
    const lines = [
      `pg_basebackup -D ${dir}/.<UTC stamp>.partial -Fp -X stream -c fast --manifest-checksums=SHA256`,
      `pg_verifybackup ${dir}/.<UTC stamp>.partial, then rename to ${dir}/<UTC stamp>`,
    ];
    if (args.check_archive !== false && target.wal_archive) lines.push(`SELECT pg_switch_wal(); check ${target.wal_archive} has every segment since the backup started`);
    if (args.keep) lines.push(`delete verified base backups in ${dir} beyond the newest ${args.keep}`);
    return lines;
  },
};
