import { z } from 'zod';
import { TargetArgs, describeTarget, recoveryTarget } from './recovery-target.js';
import type { ActionSpec } from '../types.js';

export const Args = TargetArgs.extend({
  /** `base` (base backup + WAL archive), `pgbackrest`, or `auto` (pgBackRest when the target has a stanza). */
  source: z.enum(['auto', 'base', 'pgbackrest']).default('auto'),
  /** Parent of the new directory; default the target's restore.data_dir, else the run directory. */
  data_dir: z.string().min(1).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  /** TCP addresses the copy listens on; default none (its private unix socket only). */
  listen_addresses: z.string().optional(),
  /** Seconds to wait for replay and promotion. */
  recovery_timeout: z.coerce.number().int().min(1).default(3600),
  /**
   * For an xid or LSN target: a time (with offset) the target is known to be after, e.g. the
   * commit time from postgres.find-transaction. pgBackRest then restores the newest backup
   * that ended before it (`--set`), instead of its latest one.
   */
  backup_before: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().optional()),
}).strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.pitr`: a point-in-time copy in a NEW data directory on a new port, never over
 * production. From the newest verified base backup that ends before the target plus the WAL
 * archive, or through pgBackRest. The copy never archives, pauses at the target and is then
 * promoted there, and the step only succeeds once `pg_is_in_recovery()` is false on a live
 * postmaster. Later steps reach it with `on: restored`; `postgres.stop-restored` stops it.
 * Its stages are checkpoints (copied, recovering, reached-target, promoted): rerun after a
 * crash, it continues with the same copy after the last stage done instead of copying again.
 */
export const pitrSpec: ActionSpec<Args> = {
  name: 'postgres.pitr',
  engine: 'postgres',
  summary: 'Point-in-time restore (time with offset, xid, LSN or end of archive) into a new data directory and port, from a base backup + WAL or pgBackRest',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  touches: (args) => `a new data directory${args.data_dir ? ` ${args.data_dir}` : ''} and port (production is only read)`,
  describe(args, target) {
    let where: string;
    try {
      where = describeTarget(recoveryTarget(args));
    } catch (error) {
      // In a dry run the value may be a placeholder for an earlier step's output.
      const given = args.target_xid ?? args.target_lsn ?? args.target_time;
      where = given?.startsWith('<') ? `just ${args.inclusive ? 'after' : 'before'} ${given}` : `(refused: ${(error as Error).message})`;
    }
    const fromBackrest = args.source === 'pgbackrest' || (args.source === 'auto' && target.pgbackrest !== undefined);
    return [
      fromBackrest
        ? `pgbackrest restore into a new data directory, --archive-mode=off, to ${where}`
        : `copy the newest verified base backup in ${target.backups ?? '<backups>'}/base that ends before the target into a new data directory; replay WAL from ${target.wal_archive ?? '<wal_archive>'} to ${where}`,
      `start it on port ${args.port ?? '<a free port>'} (archive_mode off), wait until ${args.promote === false ? 'it is paused at the target (read-only; postgres.promote-restored promotes it)' : 'it reaches the target, promote it there, wait until pg_is_in_recovery() is false'}`,
    ];
  },
};
