/**
 * Masks secrets (tokens, passwords) in everything pitstop prints, journals or reports.
 * A secret is replaced by `***` wherever it appears, also in its URL-encoded forms, since a
 * password often travels inside a connection URL.
 */
export interface Redactor {
  /** `s` with every secret replaced by `***`. */
  text(s: string): string;
  /** A copy of `value` with every string (keys included) redacted; other values kept. */
  deep<T>(value: T): T;
  /** The strings masked, longest first (derived encodings included). */
  readonly secrets: readonly string[];
  /** Masks more secrets from now on (e.g. a secret typed at a prompt during the run). */
  add(...secrets: string[]): void;
}

/** Shorter secrets are ignored: masking "ab" everywhere would garble output for nothing. */
const MIN_SECRET_LENGTH = 4;
const MASK = '***';

/**
 * Replaces every occurrence of each secret (longest first; secrets shorter than 4 characters
 * are ignored) by `***`. Also derives URL-encoded forms of each secret. `deep()` walks plain
 * objects and arrays and returns new ones.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const all = new Set<string>();
  let list: string[] = [];
  const add = (...more: string[]): void => {
    for (const secret of more) {
      if (typeof secret !== 'string') continue;
      for (const form of encodings(secret)) if (form.length >= MIN_SECRET_LENGTH) all.add(form);
    }
    list = [...all].sort((a, b) => b.length - a.length);
  };
  add(...secrets);

  const text = (s: string): string => {
    if (list.length === 0 || s.length === 0) return s;
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  };

  const deep = <T>(value: T): T => (list.length === 0 ? value : (walk(value, text, new WeakMap()) as T));

  return {
    text,
    deep,
    add,
    get secrets() {
      return list;
    },
  };
}

function encodings(secret: string): string[] {
  const forms = [secret];
  try {
    forms.push(encodeURIComponent(secret), encodeURIComponent(secret).replaceAll('%20', '+'), encodeURI(secret));
  } catch {
    // A lone surrogate cannot be encoded; the raw form is still masked.
  }
  return forms;
}

function walk(value: unknown, text: (s: string) => string, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(walk(item, text, seen));
    return copy;
  }
  if (value instanceof Error) {
    const copy = new Error(text(value.message));
    copy.name = value.name;
    seen.set(value, copy);
    return copy;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[text(key)] = walk(item, text, seen);
  return copy;
}

const SECRET_PARAMS = ['authToken', 'auth_token', 'password', 'token'];
const USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:@/?#]*:)([^@/?#]*)@/;
const SECRET_PARAM = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)([^&#]*)`, 'g');
/** libpq keyword/value form: `host=db password='s3cr et'`. */
const KEYWORD_PASSWORD = /(^|\s)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s']+)/g;

/**
 * Secrets inside a database URL: the password (as written and decoded), and the values of
 * `authToken`, `auth_token`, `password` and `token` query parameters (as written and decoded).
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
