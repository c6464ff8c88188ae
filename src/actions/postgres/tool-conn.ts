import { PitstopError } from '../../errors.js';

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

// scheme, userinfo, hosts (host[:port][,host[:port]…] or empty for the socket), path, query.
const SHAPE = /^postgres(?:ql)?:\/\/(?:([^@/?#]*)@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/;

/**
 * Splits a `postgresql://` URL (libpq's URI form, including `user@/db?host=/socket/dir`, which
 * WHATWG URL rejects) into libpq environment variables, so client programs start without the
 * URL — and its password — in their argv. The server-selecting variables are always set ('' is
 * libpq's "default"), so a PGHOST or PGPORT in pitstop's own environment cannot redirect a tool.
 */
export function toolConnection(url: string): ToolConnection {
  const m = SHAPE.exec(url.trim());
  if (!m) {
    throw new PitstopError('the connection is not a postgresql:// URL', {
      hint: 'Write it as postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/socket/dir&port=…].',
    });
  }
  const env: Record<string, string> = { PGHOST: '', PGHOSTADDR: '', PGPORT: '', PGPASSWORD: '', PGOPTIONS: '' };
  const [userinfo, hosts, path, query] = [m[1], m[2] ?? '', m[3] ?? '', m[4] ?? ''];
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
    if (user) env['PGUSER'] = user;
    if (colon >= 0) env['PGPASSWORD'] = decode(userinfo.slice(colon + 1));
  }
  if (hosts) {
    const list = hosts.split(',').map(splitHostPort);
    env['PGHOST'] = list.map((h) => h.host).join(',');
    if (list.some((h) => h.port)) env['PGPORT'] = list.map((h) => h.port).join(',');
  }
  if (path) env['PGDATABASE'] = decode(path);
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const name = PARAM_ENV[key];
    if (!name) {
      throw new PitstopError(`the connection URL has a parameter pitstop cannot hand to the PostgreSQL tools: ${key}`, {
        hint: `Supported parameters: ${Object.keys(PARAM_ENV).join(', ')}.`,
      });
    }
    env[name] = eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  const database = env['PGDATABASE'] || env['PGUSER'] || 'postgres';
  env['PGDATABASE'] = database;
  return { env, database };
}

function splitHostPort(part: string): { host: string; port: string } {
  const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(part);
  if (bracket) return { host: bracket[1]!, port: bracket[2] ?? '' };
  const colon = part.lastIndexOf(':');
  return colon < 0 ? { host: decode(part), port: '' } : { host: decode(part.slice(0, colon)), port: part.slice(colon + 1) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
