/**
 * Secrets inside database URLs: the password and the token-like query parameters. The rest
 * of a URL (scheme, user, host, database, other parameters) is shown as written.
 */

const MASK = '***';
/** Query parameters whose value is a credential, whatever their case. */
const SECRET_PARAMS = ['authToken', 'auth_token', 'access_token', 'accessToken', 'api_key', 'apikey', 'password', 'sslpassword', 'token', 'secret'];
const USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:@/?#]*:)([^@/?#]*)@/;
const SECRET_PARAM = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)([^&#]*)`, 'gi');
/** libpq keyword/value form: `host=db password='s3cr et'`. */
const KEYWORD_PASSWORD = /(^|\s)((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s']+)/g;

/**
 * Secrets inside a database URL: the password (as written and decoded), and the values of
 * token and password query parameters (`authToken`, `auth_token`, `password`,
 * `sslpassword`, `token` …; as written and decoded).
 */
export function secretsInUrl(url: string): string[] {
  const found = new Set<string>();
  const add = (raw: string, plusIsSpace: boolean): void => {
    if (raw === '') return;
    found.add(raw);
    for (const decoded of [safeDecode(raw), plusIsSpace ? safeDecode(raw.replaceAll('+', ' ')) : null]) {
      if (decoded) found.add(decoded);
    }
  };
  const userinfo = USERINFO.exec(url);
  if (userinfo?.[2] !== undefined) add(userinfo[2], false);
  for (const match of url.matchAll(SECRET_PARAM)) if (match[2] !== undefined) add(match[2], true);
  if (!url.includes('://')) {
    for (const match of url.matchAll(KEYWORD_PASSWORD)) {
      // As written (quotes and backslashes included) and as the server sees it.
      const value = match[3] ?? '';
      const inner = value.startsWith("'") ? value.slice(1, -1) : value;
      found.add(inner);
      found.add(inner.replace(/\\(.)/g, '$1'));
    }
  }
  return [...found];
}

/** `postgres://user:***@host:5432/db`: the URL with its password and token parameters masked, for showing. */
export function redactUrl(url: string): string {
  if (!url.includes('://')) return url.replace(KEYWORD_PASSWORD, `$1$2${MASK}`);
  return url.replace(USERINFO, (_all, head: string, pass: string) => `${head}${pass === '' ? '' : MASK}@`).replace(SECRET_PARAM, `$1${MASK}`);
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
