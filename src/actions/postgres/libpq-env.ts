import { PitstopError } from '../../errors.js';

const NO_HOST = 'pitstop-no-host.invalid';

/** Where a libpq URL points, split into the parts client tools take from the environment. */
export interface LibpqParts {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: string;
}

/**
 * Splits a `postgresql://user:pass@host:port/db?host=/sock&sslmode=…` URL. Client tools get
 * these through PG* variables, never through argv: a password in argv is visible to every
 * user of the machine (`ps`) and would end up in the journal.
 */
export function libpqParts(url: string): LibpqParts {
  let parsed: URL;
  try {
    // libpq allows an empty host (`postgresql://user@/db?host=/sock`); WHATWG URL does not.
    parsed = new URL(url.replace(/^(postgres(?:ql)?:\/\/[^/?#]*@)(?=[/?#]|$)/, `$1${NO_HOST}`));
  } catch {
    throw new PitstopError('the target URL is not a libpq URL (postgresql://user@host:port/db)', {
      hint: 'Set the target url in pitstop.yaml to a postgresql:// URL.',
    });
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new PitstopError(`the target URL uses ${parsed.protocol}// where postgresql:// is expected`, {
      hint: 'PostgreSQL actions need a postgresql:// target.',
    });
  }
  const q = parsed.searchParams;
  const parts: LibpqParts = {};
  const set = (key: keyof LibpqParts, value: string | null | undefined): void => {
    if (value) parts[key] = value;
  };
  set('host', q.get('host') ?? (parsed.hostname && parsed.hostname !== NO_HOST ? decodeURIComponent(parsed.hostname) : undefined));
  set('port', q.get('port') ?? parsed.port);
  set('user', q.get('user') ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined));
  set('password', q.get('password') ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined));
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  set('database', q.get('dbname') ?? path);
  set('sslmode', q.get('sslmode'));
  return parts;
}

/** PG* variables for client tools (pg_basebackup, psql …) connecting to `url`. */
export function libpqEnv(url: string): Record<string, string> {
  const p = libpqParts(url);
  const env: Record<string, string> = {};
  if (p.host) env['PGHOST'] = p.host;
  if (p.port) env['PGPORT'] = p.port;
  if (p.user) env['PGUSER'] = p.user;
  if (p.password) env['PGPASSWORD'] = p.password;
  if (p.database) env['PGDATABASE'] = p.database;
  if (p.sslmode) env['PGSSLMODE'] = p.sslmode;
  return env;
}

/** A unix-socket URL for a server pitstop started (no password: it trusts its private socket). */
export function socketUrl(socketDir: string, port: number, database = 'postgres', user = 'postgres'): string {
  const esc = (s: string): string => s.replace(/[^A-Za-z0-9/_.~-]/g, (c) => encodeURIComponent(c));
  return `postgresql://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${esc(socketDir)}&port=${port}`;
}
