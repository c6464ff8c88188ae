import type { Redactor } from '../util/redact.js';
import { createLibsqlExecutor } from './libsql.js';
import { createPostgresExecutor } from './postgres.js';
import type { SqlExecutor } from './types.js';

/** What an SQL executor needs to know of a target. */
export interface SqlTarget {
  engine: 'postgres' | 'libsql';
  url: string;
  auth_token?: string;
}

/** The executor for a target's engine: PostgreSQL through `pg`, libSQL through @libsql/client. */
export function createSqlExecutor(target: SqlTarget, redactor: Redactor, opts: { maxRows?: number } = {}): SqlExecutor {
  if (target.engine === 'postgres') return createPostgresExecutor({ url: target.url, redactor, ...opts });
  return createLibsqlExecutor({ url: target.url, redactor, ...(target.auth_token ? { authToken: target.auth_token } : {}), ...opts });
}
