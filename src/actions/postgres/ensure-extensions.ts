import type pg from 'pg';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { databaseOf, urlForDatabase } from './libpq.js';
import { withPg } from './pg-session.js';
import type { ActionDefinition } from '../types.js';
import { Args, wantedExtensions, ensureExtensionsSpec } from './ensure-extensions.spec.js';

export { wantedExtensions } from './ensure-extensions.spec.js';

/**
 * `CREATE EXTENSION IF NOT EXISTS` for each, after checking that the server has it
 * installed at all (`pg_available_extensions`): a missing one is an error that says which
 * package to install, before anything is created. Returns the ones that were created now.
 */
export async function ensureExtensions(client: pg.Client, names: string[], database: string): Promise<{ created: string[]; present: string[] }> {
  if (names.length === 0) return { created: [], present: [] };
  const rows = (await client.query<{ name: string; installed: string | null }>(
    'SELECT name, installed_version AS installed FROM pg_available_extensions WHERE name = ANY($1::text[])', [names])).rows;
  const known = new Map(rows.map((r) => [r.name, r.installed]));
  const missing = names.filter((n) => !known.has(n));
  if (missing.length > 0) {
    const pkg = missing.map((n) => (n === 'vector' ? 'pgvector (Debian: postgresql-15-pgvector)' : n)).join(', ');
    throw new ActionError(`extension${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not installed on the server of database ${database}`, {
      hint: `Install ${pkg} on that server (the package for its PostgreSQL major version), then run this step again. Nothing was created.`,
    });
  }
  const created: string[] = [];
  const present: string[] = [];
  for (const name of names) {
    if (known.get(name)) {
      present.push(name);
      continue;
    }
    await client.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`);
    created.push(name);
  }
  return { created, present };
}

/** `postgres.ensure-extensions`: the target's `extensions` (and `with: extensions`) exist in a database. */
export const ensureExtensionsAction: ActionDefinition<Args> = {
  ...ensureExtensionsSpec,
  async run(args, ctx) {
    const names = wantedExtensions(ctx.target.extensions, args.extensions);
    const database = args.database ?? databaseOf(ctx.target.url);
    const url = args.database ? urlForDatabase(ctx.target.url, args.database) : ctx.target.url;
    const result = await withPg(url, ctx.target.secrets, `extensions in ${database}`, (c) => ensureExtensions(c, names, database));
    ctx.log(`${database}: created ${result.created.join(', ') || 'none'}; already there: ${result.present.join(', ') || 'none'}`);
    return {
      outputs: { database, created: result.created, present: result.present },
      evidence: names.map((n) => ({ label: `extension ${n} in ${database}`, expected: 'installed', actual: 'installed', pass: true })),
    };
  },
};
