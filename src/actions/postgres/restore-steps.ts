import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext } from '../types.js';
import { withPg } from './pg-session.js';

/** The pg_restore flags after `--dbname` (the same for the action, `describe` and the bench). */
export function restoreFlags(args: { jobs: number; clean: boolean; no_owner: boolean }, listFile?: string): string[] {
  return [
    '--no-password', '--exit-on-error',
    ...(args.clean ? ['--clean', '--if-exists'] : []),
    // One transaction when not parallel: a failed restore leaves the database as it was.
    ...(args.jobs > 1 ? ['-j', String(args.jobs)] : ['--single-transaction']),
    ...(args.no_owner ? ['--no-owner'] : []),
    ...(listFile ? ['-L', listFile] : []),
  ];
}

/**
 * Makes sure the destination database exists, from the target's own connection: created
 * when missing (`create`), or dropped and created afresh (`recreate`, for a scratch database
 * left by an earlier run). Never called for the target's own database.
 */
export async function prepareDatabase(ctx: Pick<ActionContext, 'target' | 'log'>, database: string, opts: { create: boolean; recreate: boolean }): Promise<void> {
  await withPg(ctx.target.url, ctx.target.secrets, `preparing database ${database}`, async (c) => {
    if (opts.recreate) {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
      ctx.log(`dropped ${database} (recreate)`);
    }
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount;
    if (exists) return;
    if (!opts.create) {
      throw new Error(`database ${database} does not exist (create: false)`);
    }
    await c.query(`CREATE DATABASE ${quoteIdent(database)}`);
    ctx.log(`created database ${database}`);
  });
}
