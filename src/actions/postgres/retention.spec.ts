import { existsSync } from 'node:fs';
import { z } from 'zod';
import { dumpPrefix, listDumps } from './dump-files.js';
import { dumpsDir } from './latest-dump.js';
import { planRetention } from './retention-plan.js';
import { markerPath } from './verified-marker.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    label: z.string().regex(/^[A-Za-z0-9_]+$/).default('full'),
    days: z.number().int().min(1).default(30),
    keep_min: z.number().int().min(0).default(1),
    keep_max: z.number().int().min(1).optional(),
    dir: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.retention`: deletes dumps of one label (with their `.sha256` and `.verified`)
 * older than `days` or beyond `keep_max`, keeping the newest `keep_min`, and never the newest
 * verified dump (a `.verified` marker whose checksum still matches, see verified-marker.ts).
 * With no verified dump at all nothing is deleted and the step fails: that is an alert.
 */
export const pgRetentionSpec: ActionSpec<Args> = {
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
      dir = dumpsDir({ name: target.name, backups: target.backups }, args.dir);
    } catch {
      return [`delete ${target.name}-${args.label}-* dumps ${rules}`];
    }
    // A dry list from what is on disk now; "verified" here trusts the markers, run() re-hashes.
    const dumps = listDumps(dir, dumpPrefix(target.name, args.label));
    const guess = dumps.find((d) => existsSync(markerPath(d.path)))?.path ?? null;
    const plan = planRetention(dumps, guess, new Date(), args);
    return [`in ${dir}: delete ${target.name}-${args.label}-* dumps ${rules}`, ...plan.remove.map((d) => `would delete ${d.name}`)];
  },
};
