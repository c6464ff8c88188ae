import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import { checksumPath } from '../common/sha256.js';
import type { ActionDefinition } from '../types.js';
import { dumpPrefix, listDumps, stalePartials } from './dump-files.js';
import { dumpsDir, newestVerified } from './latest-dump.js';
import { planRetention } from './retention-plan.js';
import { markerPath } from './verified-marker.js';

const Args = z
  .object({
    label: z.string().regex(/^[A-Za-z0-9_]+$/).default('full'),
    days: z.number().int().min(1).default(30),
    keep_min: z.number().int().min(0).default(1),
    keep_max: z.number().int().min(1).optional(),
    dir: z.string().min(1).optional(),
  })
  .strict();
type Args = z.infer<typeof Args>;

const DAY_MS = 86_400_000;

/**
 * `postgres.retention`: deletes dumps of one label (with their `.sha256` and `.verified`)
 * older than `days` or beyond `keep_max`, keeping the newest `keep_min`, and never the newest
 * verified dump (a `.verified` marker whose checksum still matches, see verified-marker.ts).
 * With no verified dump at all nothing is deleted and the step fails: that is an alert.
 */
export const pgRetentionAction: ActionDefinition<Args> = {
  name: 'postgres.retention',
  engine: 'postgres',
  summary: 'Delete dumps older than N days / beyond a count, never the newest verified one',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const rules = `older than ${args.days} days${args.keep_max ? ` or beyond the newest ${args.keep_max}` : ''}, keeping the newest ${args.keep_min} and the newest verified one`;
    let dir: string;
    try {
      dir = dumpsDir({ name: target.name, backups: target['backups'] as string | undefined }, args.dir);
    } catch {
      return [`delete ${target.name}-${args.label}-* dumps ${rules}`];
    }
    // A dry list from what is on disk now; "verified" here trusts the markers, run() re-hashes.
    const dumps = listDumps(dir, dumpPrefix(target.name, args.label));
    const guess = dumps.find((d) => existsSync(markerPath(d.path)))?.path ?? null;
    const plan = planRetention(dumps, guess, new Date(), args);
    return [`in ${dir}: delete ${target.name}-${args.label}-* dumps ${rules}`, ...plan.remove.map((d) => `would delete ${d.name}`)];
  },
  async run(args, ctx) {
    const dir = dumpsDir(ctx.target, args.dir);
    const dumps = listDumps(dir, dumpPrefix(ctx.target.name, args.label));
    const verified = await newestVerified(dumps);
    if (!verified) {
      throw new PitstopError(`no verified ${args.label} dump of ${ctx.target.name} in ${dir}: nothing was deleted`, {
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
