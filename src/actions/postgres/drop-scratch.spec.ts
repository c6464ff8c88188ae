import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const Args = z.object({ database: z.string().min(1) }).strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.drop-scratch`: drops a scratch database made by `postgres.restore` — and only
 * such a one (it carries pitstop's comment), never the target's own database or any other,
 * so a mistyped name or a skipped restore step cannot drop real data. Gone already is fine.
 */
export const dropScratchSpec: ActionSpec<Args> = {
  name: 'postgres.drop-scratch',
  engine: 'postgres',
  summary: 'Drop a scratch database that postgres.restore created (and no other)',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  touches: (args) => `the scratch database ${args.database} (never the target's own)`,
  describe(args) {
    return [`DROP DATABASE ${quoteIdent(args.database)} WITH (FORCE), only if postgres.restore created it`];
  },
};
