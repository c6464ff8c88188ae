import { ConfigError } from '../errors.js';

/** A libSQL query without a step `timeout:` is cut after this long. */
export const DEFAULT_LIBSQL_SQL_TIMEOUT_MS = 60_000;
/** A remote libSQL server must first answer within this long, like PostgreSQL's connect timeout. */
export const DEFAULT_LIBSQL_CONNECT_TIMEOUT_MS = 10_000;

/** The limits a libSQL executor applies when the request sets none. */
export interface LibsqlTimeouts {
  sqlMs: number;
  connectMs: number;
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0) {
    throw new ConfigError(`${name} must be a whole number of milliseconds above 0, not "${raw}"`, {
      hint: `Unset it to use the default (${fallback} ms), or set it like ${name}=${fallback}.`,
    });
  }
  return Number(raw);
}

/**
 * The default limits, overridable through `PITSTOP_SQL_TIMEOUT_MS` (a query on a step with no
 * `timeout:`) and `PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS` (the first answer of a remote server).
 * Without them a server that accepts the connection and never answers holds a run forever.
 */
export function libsqlTimeouts(env: NodeJS.ProcessEnv = process.env): LibsqlTimeouts {
  return {
    sqlMs: fromEnv(env, 'PITSTOP_SQL_TIMEOUT_MS', DEFAULT_LIBSQL_SQL_TIMEOUT_MS),
    connectMs: fromEnv(env, 'PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS', DEFAULT_LIBSQL_CONNECT_TIMEOUT_MS),
  };
}
