import { toolConnection } from './tool-conn.js';

/**
 * PG* variables for client tools (pg_basebackup, psql …) connecting to `url`: the URL is parsed
 * once, by `toolConnection`, so every tool sees the same host, port, user and database, and
 * a PGHOST or PGPORT in pitstop's own environment cannot redirect one of them.
 */
export function libpqEnv(url: string): Record<string, string> {
  return toolConnection(url).env;
}

/** The user and database a URL names (libpq's defaults filled in). */
export function userAndDatabase(url: string): { user: string; database: string } {
  const { env, database } = toolConnection(url);
  return { user: env['PGUSER'] || 'postgres', database };
}

/** A unix-socket URL for a server pitstop started (no password: it trusts its private socket). */
export function socketUrl(socketDir: string, port: number, database = 'postgres', user = 'postgres'): string {
  const esc = (s: string): string => s.replace(/[^A-Za-z0-9/_.~-]/g, (c) => encodeURIComponent(c));
  return `postgresql://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${esc(socketDir)}&port=${port}`;
}
