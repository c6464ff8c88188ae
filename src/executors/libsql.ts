import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SqlRequest } from '../engine/types.js';
import { formatDuration } from '../util/duration.js';
import { createRedactor, redactUrl, type Redactor } from '../util/redact.js';
import { LibsqlHost } from './libsql-host.js';
import { libsqlTimeouts, type LibsqlTimeouts } from './libsql-timeouts.js';
import { hasSeveralStatements } from './sql-statements.js';
import { jsonSafe, sqlFailure } from './sql-values.js';
import type { ExecContext, SqlExecutor, SqlResult } from './types.js';

export interface LibsqlExecutorOptions {
  url: string;
  authToken?: string;
  redactor: Redactor;
  /** Rows kept in a result (`rowCount` is still the real count). Default 500. */
  maxRows?: number;
  /** Limits for requests that set none (default: `libsqlTimeouts()`, 60 s a query, 10 s to connect). */
  timeouts?: LibsqlTimeouts;
}

/**
 * Runs queries with @libsql/client (`file:`, `libsql://`, `http(s)://` URLs) in a helper
 * process (see `libsql-child.ts`), one request at a time. Read-only requests run in a `read`
 * transaction, plus `PRAGMA query_only` on local files, so a write fails; writes run in a
 * `write` transaction. Values are bound `?` arguments. `timeoutMs` (default 60 s) and
 * `ctx.signal` kill the helper, which rolls the transaction back, as does a remote server that
 * has not answered within the connection limit (10 s). A `file:` URL whose file does not exist fails
 * instead of creating an empty database. One statement per request. The helper holds the
 * whole result of a statement; only `maxRows` rows come back.
 */
export function createLibsqlExecutor(opts: LibsqlExecutorOptions): SqlExecutor {
  const host = new LibsqlHost(opts.url, opts.authToken);
  const limits = opts.timeouts ?? libsqlTimeouts();
  const file = localPath(opts.url);
  const shown = redactUrl(opts.url);
  // The token is masked even if the caller's redactor was not told about it.
  const tokenMask = createRedactor(opts.authToken ? [opts.authToken] : []);
  const mask = (result: SqlResult): SqlResult => tokenMask.deep(opts.redactor.deep(result));
  let queue: Promise<unknown> = Promise.resolve();

  const runOne = async (request: SqlRequest, ctx: ExecContext): Promise<SqlResult> => {
    if (ctx.signal.aborted) return sqlFailure('cancelled before it started');
    if (file !== null) {
      const problem = fileProblem(file);
      if (problem) return sqlFailure(problem);
    }
    if (hasSeveralStatements(request.query)) {
      return sqlFailure('several statements in one query: libSQL would run only the first; put one statement per step');
    }
    const timeoutMs = request.timeoutMs ?? limits.sqlMs;
    const reply = await host.run(
      { sql: request.query, args: request.params.map(toArg), readOnly: request.readOnly, queryOnly: request.readOnly && file !== null, maxRows: opts.maxRows ?? 500, probe: file === null },
      ctx.signal,
      // A local file has no server to wait for; its lock waits are the query's own time.
      { timeoutMs, ...(file === null ? { connectTimeoutMs: limits.connectMs } : {}) },
    );
    switch (reply.kind) {
      case 'ok':
        return { kind: 'sql', columns: reply.columns, rows: reply.rows.map((r) => jsonSafe(r) as Record<string, unknown>), rowCount: reply.rowCount, timedOut: false };
      case 'timeout':
        return sqlFailure(`query timed out after ${formatDuration(timeoutMs)}${request.timeoutMs === undefined ? ' (the limit for a step without timeout:; set timeout: on the step for more)' : ''}`, true);
      case 'connect-timeout':
        return sqlFailure(`no answer from libsql at ${shown} within ${formatDuration(limits.connectMs)} (connection timeout): check the url and the network, or whether the server is overloaded`, true);
      case 'aborted':
        return sqlFailure('cancelled');
      case 'crashed':
        return sqlFailure(reply.message);
      case 'error':
        return sqlFailure(errorMessage(reply, shown, file, request.readOnly));
    }
  };

  return {
    run(request, ctx) {
      const next = queue.then(() => runOne(request, ctx));
      queue = next.catch(() => undefined);
      return next.then(mask);
    },
    async close() {
      await queue;
      await host.close();
    },
  };
}

/**
 * The path of a `file:` URL as @libsql/client reads it (`file:rel.db`, `file:/abs.db`,
 * `file:///abs.db`), or null for other URLs and in-memory databases.
 */
export function localPath(url: string): string | null {
  const match = /^file:(?:\/\/([^/?#]*))?([^?#]*)/i.exec(url);
  if (!match) return null;
  let path: string;
  try {
    path = decodeURIComponent(match[2] ?? '');
  } catch {
    path = match[2] ?? '';
  }
  if (path === '' || path === ':memory:') return null;
  return resolve(path);
}

function fileProblem(path: string): string | null {
  if (!existsSync(path)) return `database file not found: ${path} — check the target's url (pitstop never creates an empty database in its place)`;
  if (!statSync(path).isFile()) return `not a database file: ${path} is a directory`;
  return null;
}

/** Arguments as @libsql/client takes them: bigint for integers beyond 2^53 is kept, undefined becomes NULL. */
function toArg(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    return JSON.stringify(value);
  }
  return value;
}

function errorMessage(reply: { message: string; code?: string; cause?: string }, shown: string, file: string | null, readOnly: boolean): string {
  const { code, cause } = reply;
  const text = code && reply.message.startsWith(`${code}: `) ? reply.message.slice(code.length + 2) : reply.message;
  switch (code) {
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
      return readOnly ? `${text}: this step is read-only (a step that writes needs read_only: false)` : `${text}: ${unwritable(file, shown)}`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `${text}: another connection holds a lock on ${file ?? shown}; try again, or stop the writer first`;
    case 'SQLITE_NOTADB':
      return `not a database file: ${file ?? shown} (${text})`;
    case 'SQLITE_CANTOPEN':
      return `cannot open the database ${file ?? shown} (${text})`;
    case 'URL_INVALID':
    case 'URL_SCHEME_NOT_SUPPORTED':
      return `invalid libSQL url ${shown}: ${text}`;
  }
  if (file === null) {
    const at = `cannot connect to libsql at ${shown}`;
    const why = `${cause ?? ''} ${text}`;
    if (/ECONNREFUSED/.test(why)) return `${at} (connection refused): is the server up?`;
    if (/ENOTFOUND|EAI_AGAIN/.test(why)) return `${at} (host not found): check the url`;
    if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|EHOSTUNREACH|ENETUNREACH/.test(why)) return `${at} (no answer): check the url and the network`;
    if (/\b401\b|unauthori[sz]ed/i.test(why)) return `authentication failed at ${shown}: check the auth token`;
    if (/fetch failed|socket|connect/i.test(why)) return `${at}: ${text}${cause ? ` (${cause})` : ''}`;
  }
  return code && !code.startsWith('SQLITE_') ? `${text} (${code})` : text;
}

/**
 * Why a write the step asked for was refused as read-only: the database, not the step. A local
 * file is looked at (then its directory, where SQLite writes its journal) to say what is wrong.
 */
function unwritable(file: string | null, shown: string): string {
  if (file === null) return `the database at ${shown} refused the write: check that the auth token may write (a read-only token cannot)`;
  const fix = `or point the target's url at a writable copy`;
  for (const [path, what] of [[file, 'it'], [dirname(file), 'its directory']] as const) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return `the database file ${file} cannot be written: ${what} is on a read-only file system; remount it read-write, ${fix}`;
      if (code === 'EACCES' || code === 'EPERM') return `the database file ${file} cannot be written: this user has no write permission on ${what === 'it' ? 'it' : dirname(file)}; fix the permissions, ${fix}`;
    }
  }
  return `the database file ${file} cannot be written (the file or its directory is read-only); make both writable, ${fix}`;
}
