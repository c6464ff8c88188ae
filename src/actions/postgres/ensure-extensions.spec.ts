import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** More extensions than the target's `extensions`. */
    extensions: z.array(z.string().min(1)).default([]),
    /** The database to create them in; default the target's own. */
    database: z.string().min(1).optional(),
  })
  .strict();
export type Args = z.infer<typeof Args>;
/** The target's `extensions` plus `more`, without duplicates, in order. */
export function wantedExtensions(targetExtensions: string[] | undefined, more: string[]): string[] {
  return [...new Set([...(targetExtensions ?? []), ...more])];
}

/** `postgres.ensure-extensions`: the target's `extensions` (and `with: extensions`) exist in a database. */
export const ensureExtensionsSpec: ActionSpec<Args> = {
  name: 'postgres.ensure-extensions',
  engine: 'postgres',
  summary: "CREATE EXTENSION IF NOT EXISTS for the target's extensions; a missing one says what to install",
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const names = wantedExtensions(target.extensions, args.extensions);
    const db = args.database ?? `the ${target.name} database`;
    return names.length === 0 ? ['no extensions configured: nothing to do'] : names.map((n) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(n)}   (in ${db})`);
  },
};
