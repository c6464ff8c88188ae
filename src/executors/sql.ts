import type { Redactor } from '../util/redact.js';
import type { SqlExecutor } from './types.js';

/** What an SQL executor needs to know of a target. */
export interface SqlTarget {
  engine: 'postgres' | 'libsql';
  url: string;
  auth_token?: string;
}

/**
 * The executor for a target's engine: PostgreSQL through `pg`, libSQL through @libsql/client.
 * Each is imported when first needed, so a run that never queries one engine never loads its driver.
 */
export async function createSqlExecutor(target: SqlTarget, redactor: Redactor, opts: { maxRows?: number } = {}): Promise<SqlExecutor> {
  if (target.engine === 'postgres') return (await import('./postgres.js')).createPostgresExecutor({ url: target.url, redactor, ...opts });
  return (await import('./libsql.js')).createLibsqlExecutor({ url: target.url, redactor, ...(target.auth_token ? { authToken: target.auth_token } : {}), ...opts });
}
