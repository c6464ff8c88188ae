/**
 * pitstop reads a PostgreSQL target only as a URL: the driver, pg_dump's argv and the PG*
 * environment of client tools are all built from one. A libpq keyword/value string
 * (`host=db port=5432 dbname=app`) handed to the driver as a URL silently connects to the
 * wrong place, so it is refused with the URL to write instead.
 */

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const CONNINFO = /^\s*[A-Za-z_]+\s*=/;

/** `key=value` pairs of a libpq conninfo; values may be single-quoted with backslash escapes. */
function conninfoPairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const re = /([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/g;
  for (const m of text.matchAll(re)) pairs.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  return pairs;
}

/** The postgresql:// URL that says what a conninfo says, without its password. */
function urlFor(pairs: Map<string, string>): string {
  const host = pairs.get('host') ?? pairs.get('hostaddr') ?? 'localhost';
  const socket = host.startsWith('/');
  const user = pairs.get('user');
  const port = pairs.get('port');
  const query = new URLSearchParams();
  if (socket) query.set('host', host);
  if (socket && port) query.set('port', port);
  for (const [key, value] of pairs) {
    if (!['host', 'hostaddr', 'port', 'user', 'password', 'dbname'].includes(key)) query.set(key, value);
  }
  const authority = socket ? '' : `${user ? `${encodeURIComponent(user)}@` : ''}${host}${port ? `:${port}` : ''}`;
  const db = pairs.get('dbname');
  const q = query.toString().replaceAll('+', '%20');
  return `postgresql://${socket && user ? `${encodeURIComponent(user)}@` : ''}${authority}${db ? `/${encodeURIComponent(db)}` : socket ? '/' : ''}${q ? `?${q}` : ''}`;
}

/** The text with any `password=…` value masked, to show it. */
function masked(text: string): string {
  return text.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)/gi, '$1***');
}

/**
 * Why `url` cannot be a PostgreSQL target's url, or null when it can. `subject` names the value
 * in the message (default: the value itself, password masked).
 */
export function postgresUrlProblem(url: string, subject = `"${masked(url)}"`): string | null {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgresql' || scheme === 'postgres') return null;
  if (scheme === undefined && CONNINFO.test(url)) {
    const pairs = conninfoPairs(url);
    const password = pairs.has('password')
      ? '; the password: put it in the URL through ${env:…} (postgresql://user:${env:DB_PASSWORD}@host/db) or in ~/.pgpass'
      : '';
    return `${subject} is a keyword/value connection string, which pitstop does not read: use a postgresql:// URL: ${urlFor(pairs)}${password}`;
  }
  return `a PostgreSQL target's url must be a postgresql:// URL, not ${subject}: e.g. postgresql://user@host:5432/db`;
}
