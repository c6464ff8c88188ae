import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { pgBinDir } from '../../postgres/server-env.js';
import type { ActionDefinition } from '../types.js';
import { runTool } from './pg-tools.js';
import { requireRestoredCopy } from './restore-layout.js';

const Args = z
  .object({
    /** The `data_dir` output of the postgres.pitr step. */
    data_dir: z.string().min(1),
    /** Also delete the copy's directory (data, socket, log). Default false: keep it for inspection. */
    remove: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `postgres.stop-restored`: stops a copy made by postgres.pitr (`pg_ctl stop -m fast` on its
 * data directory) and optionally deletes it. It refuses any directory without pitstop's
 * restore marker beside it, so it can never stop or delete production.
 */
export const stopRestoredAction: ActionDefinition<Args> = {
  name: 'postgres.stop-restored',
  engine: 'postgres',
  summary: 'Stop (and optionally delete) a copy restored by postgres.pitr; refuses anything pitstop did not restore',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args) {
    return [`pg_ctl -D ${args.data_dir} -m fast stop`, ...(args.remove ? [`rm -r ${dirname(args.data_dir)}`] : [])];
  },
  async run(args, ctx) {
    const dataDir = resolve(args.data_dir);
    requireRestoredCopy(dataDir);
    const running = existsSync(join(dataDir, 'postmaster.pid'));
    if (running) await runTool(ctx, [join(pgBinDir(), 'pg_ctl'), '-D', dataDir, '-m', 'fast', '-w', '-t', '120', 'stop'], 'pg_ctl stop', { asPostgres: true });
    ctx.log(running ? `stopped the copy in ${dataDir}` : `the copy in ${dataDir} was not running`);
    if (args.remove) await rm(dirname(dataDir), { recursive: true, force: true });
    return { outputs: { data_dir: dataDir, was_running: running, removed: args.remove } };
  },
};
