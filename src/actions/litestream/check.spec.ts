import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Replica URL; default: the target's `litestream.replica`. */
    replica: z.string().min(1).optional(),
    /** The newest snapshot must be younger than this (e.g. `25h`); unset: any age. */
    max_age: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `litestream.check`: the replica exists and has snapshots (`litestream snapshots REPLICA`),
 * with the newest one's age. Uses the Litestream binary pitstop ships with, so it works with
 * nothing on PATH. A replica without snapshots fails: it cannot restore anything.
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
    return [`litestream snapshots ${replica}${args.max_age ? ` (newest younger than ${args.max_age})` : ''}`];
  },
};
