import { dirname } from 'node:path';
import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** The `data_dir` output of the postgres.pitr step. */
    data_dir: z.string().min(1),
    /** Also delete the copy's directory (data, socket, log). Default false: keep it for inspection. */
    remove: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.stop-restored`: stops a copy made by postgres.pitr (`pg_ctl stop -m fast` on its
 * data directory) and optionally deletes it. It refuses any directory without pitstop's
 * restore marker beside it, so it can never stop or delete production.
 */
export const stopRestoredSpec: ActionSpec<Args> = {
  name: 'postgres.stop-restored',
  engine: 'postgres',
  summary: 'Stop (and optionally delete) a copy restored by postgres.pitr; refuses anything pitstop did not restore',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  touches: (args) => `the restored copy in ${args.data_dir} (not production)`,
  describe(args) {
    return [`pg_ctl -D ${args.data_dir} -m fast stop`, ...(args.remove ? [`rm -r ${dirname(args.data_dir)}`] : [])];
  },
};
