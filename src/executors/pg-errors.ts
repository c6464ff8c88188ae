/** Where a PostgreSQL client tries to connect, for messages: `host:port/db` (host may be a socket directory). */
export interface PgPlace {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** `host:port/db` for messages. */
export function placeText(p: PgPlace): string {
  return `${p.host}:${p.port}/${p.database}`;
}

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  address?: string;
}

/**
 * A connection failure in words an operator can act on. The message names host, port and
 * database only, never the URL, so no password can slip into it.
 */
export function connectMessage(error: unknown, place: PgPlace, timeoutMs: number): string {
  const e = (error ?? {}) as PgLikeError;
  const at = `cannot connect to postgres at ${placeText(place)}`;
  const message = e.message ?? String(error);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `${at} (connection refused): is the server up?`;
    case 'ENOENT':
      return `${at} (no server socket ${e.address ?? `in ${place.host}`}): is the server up?`;
    case 'EACCES':
      return `${at} (permission denied on the socket ${e.address ?? place.host})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${at} (host "${place.host}" not found): check the host name`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${at} (${e.code}): check the host, port and firewall`;
    case '28P01':
      return `authentication failed for user "${place.user}" at ${placeText(place)}: check the password`;
    case '28000':
      return `access refused for user "${place.user}" at ${placeText(place)}: ${message}`;
    case '3D000':
      return `database "${place.database}" does not exist at ${place.host}:${place.port}`;
    case '57P03':
      return `${at}: the server is starting up, shutting down or in recovery (${message})`;
  }
  if (/timeout/i.test(message)) {
    return `${at} (no answer within ${Math.round(timeoutMs / 1000)} s): check the host, port and firewall`;
  }
  return `${at}: ${message}`;
}

/** A query failure: the server's message with its SQLSTATE, detail and hint. */
export function queryMessage(error: unknown): string {
  const e = (error ?? {}) as PgLikeError;
  if (e.code === '25006') {
    return `${e.message}: this step is read-only (a step that writes needs read_only: false)`;
  }
  const parts = [e.code ? `${e.message} (${e.code})` : (e.message ?? String(error))];
  if (e.detail) parts.push(`detail: ${e.detail}`);
  if (e.hint) parts.push(`hint: ${e.hint}`);
  return parts.join('; ');
}
