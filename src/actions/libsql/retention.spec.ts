import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Snapshots older than this many days are deleted (except the newest verified one). */
    days: z.number().int().min(1).default(7),
    dir: z.string().min(1).optional(),
    /** File names `<prefix><UTC stamp>.db`; default `<target>-` (snapshots). Exports: `<database>-export-`. */
    prefix: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.retention`: deletes snapshots of the target older than N days (with their
 * checksum files), but never the newest snapshot whose checksum still matches: whatever
 * the dates say, one good backup always stays. With no verified snapshot at all, nothing
 * is deleted and the step fails, because that is an alert, not a clean-up.
 */
export const retentionSpec: ActionSpec<Args> = {
  name: 'libsql.retention',
  engine: 'libsql',
  summary: 'Delete snapshots older than N days, never the newest verified one',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const dir = args.dir ?? target.backups ?? '(target backups directory)';
    return [`delete ${dir}/${args.prefix ?? `${target.name}-`}<UTC stamp>.db older than ${args.days} days, keeping the newest verified one`];
  },
};
