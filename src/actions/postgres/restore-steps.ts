import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext } from '../types.js';
import { withPg } from './pg-session.js';

/** The comment pitstop puts on databases it creates, so `recreate` only ever drops its own. */
export const SCRATCH_COMMENT = 'created by pitstop (postgres.restore)';

/**
 * Makes sure the destination database exists, from the target's own connection: created
 * when missing (`create`), or dropped and created afresh (`recreate`, for a scratch database
 * left by an earlier run). `recreate` drops only a database pitstop created (it carries
 * SCRATCH_COMMENT): a mistyped name must not drop someone else's database. Never called for
 * the target's own database.
 */
export async function prepareDatabase(ctx: Pick<ActionContext, 'target' | 'log'>, database: string, opts: { create: boolean; recreate: boolean }): Promise<void> {
  await withPg(ctx.target.url, ctx.target.secrets, `preparing database ${database}`, async (c) => {
    const found = await c.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount && opts.recreate) {
      if (found.rows[0]!.comment !== SCRATCH_COMMENT) {
        throw new ActionError(`recreate refused: database ${database} exists and was not created by pitstop`, {
          hint: 'Pick another scratch database name, or drop that database yourself if it really is a leftover.',
        });
      }
      await c.query(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
      ctx.log(`dropped ${database} (recreate)`);
    } else if (found.rowCount) {
      return;
    }
    if (!opts.create && !opts.recreate) {
      throw new ActionError(`database ${database} does not exist`, { hint: 'Create it, or set create: true.' });
    }
    await c.query(`CREATE DATABASE ${quoteIdent(database)}`);
    await c.query(`COMMENT ON DATABASE ${quoteIdent(database)} IS '${SCRATCH_COMMENT}'`);
    ctx.log(`created database ${database}`);
  });
}
