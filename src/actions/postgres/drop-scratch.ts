import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { databaseOf } from './libpq.js';
import { withPg } from './pg-session.js';
import { SCRATCH_COMMENT } from './restore-steps.js';
import type { ActionDefinition } from '../types.js';
import { Args, dropScratchSpec } from './drop-scratch.spec.js';

/**
 * `postgres.drop-scratch`: drops a scratch database made by `postgres.restore` — and only
 * such a one (it carries pitstop's comment), never the target's own database or any other,
 * so a mistyped name or a skipped restore step cannot drop real data. Gone already is fine.
 */
export const dropScratchAction: ActionDefinition<Args> = {
  ...dropScratchSpec,
  async run(args, ctx) {
    if (args.database === databaseOf(ctx.target.url)) {
      throw new ActionError(`${args.database} is the ${ctx.target.name} database itself: not dropped`, { hint: 'Check the scratch database name.' });
    }
    const dropped = await withPg(ctx.target.url, ctx.target.secrets, `dropping ${args.database}`, async (c) => {
      const found = await c.query<{ comment: string | null }>("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [args.database]);
      if (!found.rowCount) return false;
      if (found.rows[0]!.comment !== SCRATCH_COMMENT) {
        throw new ActionError(`database ${args.database} was not created by pitstop: not dropped`, { hint: 'Check the scratch database name; drop it yourself if it really is a leftover.' });
      }
      await c.query(`DROP DATABASE ${quoteIdent(args.database)} WITH (FORCE)`);
      return true;
    });
    ctx.log(dropped ? `dropped ${args.database}` : `${args.database} did not exist`);
    return { outputs: { database: args.database, dropped } };
  },
};
