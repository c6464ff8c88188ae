import { rm } from 'node:fs/promises';
import { ActionError } from '../../errors.js';
import { checksumPath } from '../common/sha256.js';
import { dumpPrefix, listDumps, stalePartials } from './dump-files.js';
import { dumpsDir, newestVerified } from './latest-dump.js';
import { planRetention } from './retention-plan.js';
import { markerPath } from './verified-marker.js';
import type { ActionDefinition } from '../types.js';
import { Args, pgRetentionSpec } from './retention.spec.js';

const DAY_MS = 86_400_000;

/**
 * `postgres.retention`: deletes dumps of one label (with their `.sha256` and `.verified`)
 * older than `days` or beyond `keep_max`, keeping the newest `keep_min`, and never the newest
 * verified dump (a `.verified` marker whose checksum still matches, see verified-marker.ts).
 * With no verified dump at all nothing is deleted and the step fails: that is an alert.
 */
export const pgRetentionAction: ActionDefinition<Args> = {
  ...pgRetentionSpec,
  async run(args, ctx) {
    const dir = dumpsDir(ctx.target, args.dir);
    const dumps = listDumps(dir, dumpPrefix(ctx.target.name, args.label));
    const verified = await newestVerified(dumps);
    if (!verified) {
      throw new ActionError(`no verified ${args.label} dump of ${ctx.target.name} in ${dir}: nothing was deleted`, {
        hint: 'Run the backup with its verification (postgres.verify-dump), and find out why the recent ones are missing or fail it.',
      });
    }
    const plan = planRetention(dumps, verified.path, new Date(), args);
    for (const dump of plan.remove) {
      await rm(dump.path, { recursive: true, force: true });
      await rm(checksumPath(dump.path), { force: true });
      await rm(markerPath(dump.path), { force: true });
      ctx.log(`deleted ${dump.path} (taken ${dump.createdAt.toISOString()})`);
    }
    // A dump killed mid-way (SIGKILL, power loss) leaves NAME.partial behind; a day untouched means dead.
    const partials = stalePartials(dir, dumpPrefix(ctx.target.name, args.label), new Date(), DAY_MS);
    for (const partial of partials) {
      await rm(partial, { recursive: true, force: true });
      ctx.log(`deleted ${partial} (an unfinished dump, untouched for over a day)`);
    }
    ctx.log(`kept ${plan.keep.length}, deleted ${plan.remove.length}; newest verified: ${verified.path}`);
    return {
      outputs: {
        kept: plan.keep.map((d) => d.path),
        deleted: plan.remove.map((d) => d.path),
        deleted_partials: partials,
        kept_count: plan.keep.length,
        deleted_count: plan.remove.length,
        newest_verified: verified.path,
      },
      evidence: [{ label: 'the newest verified dump is kept', expected: 'yes', actual: verified.path, pass: true }],
    };
  },
};
