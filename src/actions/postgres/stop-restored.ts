import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pgBinDir } from '../../postgres/pg-bin.js';
import { runTool } from './run-tool.js';
import { requireRestoredCopy } from './restore-layout.js';
import type { ActionDefinition } from '../types.js';
import { Args, stopRestoredSpec } from './stop-restored.spec.js';

/**
 * `postgres.stop-restored`: stops a copy made by postgres.pitr (`pg_ctl stop -m fast` on its
 * data directory) and optionally deletes it. It refuses any directory without pitstop's
 * restore marker beside it, so it can never stop or delete production.
 */
export const stopRestoredAction: ActionDefinition<Args> = {
  ...stopRestoredSpec,
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
