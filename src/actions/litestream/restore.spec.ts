import { z } from 'zod';
import { toUtcZ } from '../common/utc.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** RFC 3339 with an offset; default: the newest state the replica has. */
    timestamp: z.string().min(1).optional(),
    /** Replica URL; default: the target's `litestream.replica`. */
    replica: z.string().min(1).optional(),
    /** The new file; default `<backups>/<target>-litestream-<UTC stamp>.db`. Must not exist. */
    output: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `litestream.restore`: `litestream restore -o NEW -timestamp T REPLICA` into a new file
 * (production is never the output), then an integrity check. The file becomes the run's
 * restored copy, for `on: restored` queries and copy-rows.
 */
export const litestreamRestoreSpec: ActionSpec<Args> = {
  name: 'litestream.restore',
  engine: 'libsql',
  summary: 'Restore a Litestream replica to a point in time into a new file',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  touches: (args) => `a new file restored from the replica${args.output ? ` (${args.output})` : ''}; production is not written`,
  describe(args, target) {
    const replica = args.replica ?? target.litestream?.replica ?? '<litestream.replica>';
    const out = args.output ?? `${target.backups ?? '<backups>'}/${target.name}-litestream-<UTC stamp>.db`;
    let at = '';
    if (args.timestamp) {
      try {
        at = ` -timestamp ${toUtcZ(args.timestamp)}`;
      } catch {
        at = ` -timestamp ${args.timestamp}`;
      }
    }
    return [`litestream restore -o ${out}${at} ${replica}`, 'PRAGMA integrity_check on the restored file'];
  },
};
