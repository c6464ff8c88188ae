import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Replica URL; default: the target's `litestream.replica`. */
    replica: z.string().min(1).optional(),
    /** The newest data the replica received must be younger than this (e.g. `15m`, the RPO); unset: any age. */
    max_age: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `litestream.check`: the replica exists and has snapshots (`litestream snapshots REPLICA`),
 * and the newest data it received (the end of its newest generation, `litestream
 * generations`) is younger than `max_age`. A replica without snapshots fails: it cannot
 * restore anything. Outputs: snapshots, generations, newest, newest_write, age_seconds, max_age.
 */
export const litestreamCheckSpec: ActionSpec<Args> = {
  name: 'litestream.check',
  engine: 'libsql',
  summary: 'Check that a Litestream replica has snapshots, and how old the newest is',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const replica = args.replica ?? target.litestream?.replica ?? '<litestream.replica>';
    return [`litestream snapshots ${replica}`, `litestream generations ${replica}${args.max_age ? ` (newest data younger than ${args.max_age})` : ''}`];
  },
};
