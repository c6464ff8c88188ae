import { ActionError } from '../../errors.js';
import { splitLibpqUrl } from './libpq-url.js';

/** How a client tool (pg_dump, pg_restore) reaches a database without a secret in its argv. */
export interface ClientConn {
  /** The libpq URL without any password, for `--dbname`. */
  dbname: string;
  /** PGPASSWORD when the URL carried one: the environment is not visible to other users, argv is. */
  env: Record<string, string>;
  /** The database name the URL points at. */
  database: string;
}

interface UrlParts {
  scheme: string;
  user: string;
  password: string | undefined;
  hosts: string;
  database: string;
  query: [string, string][];
}

function parse(url: string): UrlParts {
  const parts = splitLibpqUrl(url);
  if (!parts) {
    throw new ActionError('the target url is not a PostgreSQL URL (postgresql://user@host:port/database)', {
      hint: 'Write the target url in pitstop.yaml as a libpq URL; keyword=value strings are not supported here.',
    });
  }
  const param = (key: string) => parts.query.find(([k]) => k === key)?.[1];
  return {
    scheme: parts.scheme,
    user: parts.user,
    password: parts.password ?? param('password'),
    hosts: parts.hosts,
    database: parts.path || param('dbname') || parts.user || 'postgres',
    query: parts.query.filter(([k]) => k !== 'password' && k !== 'dbname'),
  };
}

function format(parts: UrlParts, withPassword: boolean, database: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  const pass = withPassword && parts.password !== undefined ? `:${enc(parts.password)}` : '';
  const user = parts.user || pass ? `${enc(parts.user)}${pass}@` : '';
  // A socket directory in host= keeps its slashes readable; libpq decodes either form.
  const query = parts.query.map(([k, v]) => `${enc(k)}=${enc(v).replaceAll('%2F', '/')}`).join('&');
  return `${parts.scheme}${user}${parts.hosts}/${enc(database)}${query ? `?${query}` : ''}`;
}

/** The connection for a client tool to `database` (default: the URL's own) on the URL's server. */
export function clientConn(url: string, database?: string): ClientConn {
  const parts = parse(url);
  const db = database ?? parts.database;
  return { dbname: format(parts, false, db), env: parts.password === undefined ? {} : { PGPASSWORD: parts.password }, database: db };
}

/** The same server and credentials, another database (for `pg`, which takes the password in the URL). */
export function urlForDatabase(url: string, database: string): string {
  return format(parse(url), true, database);
}

/** The database a URL points at. */
export function databaseOf(url: string): string {
  return parse(url).database;
}

