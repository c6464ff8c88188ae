import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** The `data_dir` output of a postgres.pitr step run with `promote: false`. */
    data_dir: z.string().min(1),
    /** Seconds to wait for the end of recovery. */
    timeout: z.coerce.number().int().min(1).default(300),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.promote-restored`: ends the recovery of a copy paused at its target
 * (`postgres.pitr` with `promote: false`) with `pg_wal_replay_resume()`, and waits until it
 * is out of recovery. Nothing more is replayed: a copy paused at its target promotes there.
 * Only a copy pitstop restored (its marker) is touched.
 */
export const promoteRestoredSpec: ActionSpec<Args> = {
  name: 'postgres.promote-restored',
  engine: 'postgres',
  summary: 'Promote a restored copy paused at its recovery target (pg_wal_replay_resume), after it was inspected',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  touches: (args) => `the restored copy in ${args.data_dir} (not production)`,
  describe(args) {
    return [`SELECT pg_wal_replay_resume() on the copy in ${args.data_dir}`, 'wait until pg_is_in_recovery() is false'];
  },
};
