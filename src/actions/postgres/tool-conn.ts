import { ActionError } from '../../errors.js';
import { decodePart, splitLibpqUrl } from './libpq-url.js';

/** How a PostgreSQL client program reaches a database with nothing but its environment. */
export interface ToolConnection {
  /** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE…: the URL, part by part. */
  env: Record<string, string>;
  database: string;
}

/** URL query parameters libpq reads, and the environment variable for each. */
const PARAM_ENV: Record<string, string> = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  user: 'PGUSER',
  dbname: 'PGDATABASE',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
  application_name: 'PGAPPNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  options: 'PGOPTIONS',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
  gssencmode: 'PGGSSENCMODE',
  channel_binding: 'PGCHANNELBINDING',
};


/**
 * Splits a `postgresql://` URL (libpq's URI form, including `user@/db?host=/socket/dir`, which
 * WHATWG URL rejects) into libpq environment variables, so client programs start without the
 * URL — and its password — in their argv. The server-selecting variables are always set ('' is
 * libpq's "default"), so a PGHOST or PGPORT in pitstop's own environment cannot redirect a tool.
 */
export function toolConnection(url: string): ToolConnection {
  const parts = splitLibpqUrl(url);
  if (!parts) {
    throw new ActionError('the connection is not a postgresql:// URL', {
      hint: 'Write it as postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/socket/dir&port=…].',
    });
  }
  const env: Record<string, string> = { PGHOST: '', PGHOSTADDR: '', PGPORT: '', PGPASSWORD: '', PGOPTIONS: '' };
  if (parts.user) env['PGUSER'] = parts.user;
  if (parts.password !== undefined) env['PGPASSWORD'] = parts.password;
  if (parts.hosts) {
    const list = parts.hosts.split(',').map(splitHostPort);
    env['PGHOST'] = list.map((h) => h.host).join(',');
    if (list.some((h) => h.port)) env['PGPORT'] = list.map((h) => h.port).join(',');
  }
  if (parts.path) env['PGDATABASE'] = parts.path;
  for (const [key, value] of parts.query) {
    const name = PARAM_ENV[key];
    if (!name) {
      throw new ActionError(`the connection URL has a parameter pitstop cannot hand to the PostgreSQL tools: ${key}`, {
        hint: `Supported parameters: ${Object.keys(PARAM_ENV).join(', ')}.`,
      });
    }
    env[name] = value;
  }
  const database = env['PGDATABASE'] || env['PGUSER'] || 'postgres';
  env['PGDATABASE'] = database;
  return { env, database };
}

function splitHostPort(part: string): { host: string; port: string } {
  const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(part);
  if (bracket) return { host: bracket[1]!, port: bracket[2] ?? '' };
  const colon = part.lastIndexOf(':');
  return colon < 0 ? { host: decodePart(part), port: '' } : { host: decodePart(part.slice(0, colon)), port: part.slice(colon + 1) };
}
