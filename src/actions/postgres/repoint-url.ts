import { ActionError } from '../../errors.js';

const SHAPE = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;

/**
 * The same connection URL — user, password, database, parameters — pointed at another server:
 * `host` and/or `port` replaced where the URL keeps them (the authority, or `host=`/`port=`
 * parameters for a unix socket directory). This is how the app keeps its own credentials
 * when it moves to a restored copy, which has the same roles (a physical copy).
 */
export function repointUrl(url: string, to: { host?: string; port?: number }): string {
  const m = SHAPE.exec(url.trim());
  if (!m) {
    throw new ActionError('the current value is not a postgresql:// URL, so pitstop cannot repoint it', {
      hint: 'Pass the whole new URL (url:) instead of host/port.',
    });
  }
  const [scheme, userinfo, authority, path = '/', query = ''] = [m[1]!, m[2], m[3] ?? '', m[4], m[5]];
  if (authority.includes(',')) {
    throw new ActionError('the current URL lists several hosts; pitstop repoints only a single-host URL', {
      hint: 'Pass the whole new URL (url:) instead of host/port.',
    });
  }
  const pairs = query.split('&').filter(Boolean).map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
  }) as [string, string][];
  const has = (key: string): boolean => pairs.some(([k]) => k === key);
  const set = (key: string, value: string): void => {
    const encoded = encodeURIComponent(value).replaceAll('%2F', '/');
    if (has(key)) pairs.forEach((p) => void (p[0] === key && (p[1] = encoded)));
    else pairs.push([key, encoded]);
  };

  let [host, port] = splitAuthority(authority);
  // A socket directory cannot sit in the authority: it goes in host=, and the port with it.
  const toSocket = to.host !== undefined && to.host.startsWith('/');
  if (toSocket || (to.host === undefined && has('host'))) {
    if (to.host !== undefined) set('host', to.host);
    const newPort = to.port !== undefined ? String(to.port) : port;
    if (newPort !== '' && (to.port !== undefined || !has('port'))) set('port', newPort);
    host = '';
    port = '';
  } else {
    if (to.host !== undefined) {
      host = to.host.includes(':') ? `[${to.host}]` : to.host;
      for (const key of ['host', 'port']) removeParam(pairs, key);
    }
    if (to.port !== undefined) {
      if (has('port')) set('port', String(to.port));
      else port = String(to.port);
    }
  }
  const auth = userinfo !== undefined ? `${userinfo}@` : '';
  const q = pairs.length > 0 ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
  return `${scheme}${auth}${host}${port ? `:${port}` : ''}${path}${q}`;
}

function removeParam(pairs: [string, string][], key: string): void {
  for (let i = pairs.length - 1; i >= 0; i -= 1) if (pairs[i]![0] === key) pairs.splice(i, 1);
}

function splitAuthority(authority: string): [string, string] {
  const bracket = /^(\[[^\]]*\])(?::(\d*))?$/.exec(authority);
  if (bracket) return [bracket[1]!, bracket[2] ?? ''];
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? [authority, ''] : [authority.slice(0, colon), authority.slice(colon + 1)];
}
