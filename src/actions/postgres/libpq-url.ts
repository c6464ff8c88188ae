/** A `postgresql://` URL in libpq's URI form, split and decoded (nothing resolved yet). */
export interface LibpqUrl {
  /** `postgresql://` or `postgres://`, as written. */
  scheme: string;
  user: string;
  /** From the user info; a `password=` parameter stays in `query`. */
  password: string | undefined;
  /** `host[:port][,host[:port]…]` as written, or '' for the default (a unix socket). */
  hosts: string;
  /** The decoded path: the database, or ''. */
  path: string;
  /** The parameters in order, keys and values decoded. */
  query: [string, string][];
}

// scheme, userinfo, hosts, path, query. WHATWG URL rejects libpq's `user@/db?host=/socket/dir`.
const SHAPE = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/;

/** The one parser of libpq URLs in pitstop; null when `url` is not one (each caller says why it needs one). */
export function splitLibpqUrl(url: string): LibpqUrl | null {
  const m = SHAPE.exec(url.trim());
  if (!m) return null;
  const userinfo = m[2] ?? '';
  const colon = userinfo.indexOf(':');
  return {
    scheme: m[1]!,
    user: decodePart(colon < 0 ? userinfo : userinfo.slice(0, colon)),
    password: colon < 0 ? undefined : decodePart(userinfo.slice(colon + 1)),
    hosts: m[3] ?? '',
    path: decodePart(m[4] ?? ''),
    query: (m[5] ?? '')
      .split('&')
      .filter(Boolean)
      .map((pair): [string, string] => {
        const eq = pair.indexOf('=');
        return eq < 0 ? [decodePart(pair), ''] : [decodePart(pair.slice(0, eq)), decodePart(pair.slice(eq + 1))];
      }),
  };
}

/** Percent-decoding that leaves a malformed escape as it is. */
export function decodePart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
