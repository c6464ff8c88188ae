import pg from 'pg';
import type { SqlRequest } from '../engine/types.js';
import { formatDuration } from '../util/duration.js';
import type { Redactor } from '../util/redact.js';
import { connectMessage, queryMessage, type PgPlace } from './pg-errors.js';
import { pgTypes, readRows } from './pg-rows.js';
import { sqlFailure } from './sql-values.js';
import type { ExecContext, SqlExecutor, SqlResult } from './types.js';

export interface PostgresExecutorOptions {
  url: string;
  redactor: Redactor;
  /** Rows kept in a result (`rowCount` is still the real count). Default 500. */
  maxRows?: number;
  /** Default 10 s. */
  connectTimeoutMs?: number;
}

/**
 * Runs queries on one lazily opened `pg.Client`, one request at a time. Read-only requests
 * run inside `BEGIN TRANSACTION READ ONLY`, writes inside a plain transaction rolled back on
 * error; `timeoutMs` becomes a transaction-local `statement_timeout`. Values are only ever
 * bound parameters. Queries that return rows are read through a server-side cursor in
 * batches (see `pg-rows.ts`), so a huge result never sits in memory. `ctx.signal` cancels the
 * running query (`pg_cancel_backend`). Every message is redacted; failures are results.
 */
export function createPostgresExecutor(opts: PostgresExecutorOptions): SqlExecutor {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const config: pg.ClientConfig = { connectionString: opts.url, connectionTimeoutMillis: connectTimeoutMs, types: pgTypes };
  const probe = new pg.Client(config);
  const place: PgPlace = { host: probe.host, port: probe.port, database: probe.database ?? probe.user ?? '', user: probe.user ?? '' };
  const redact = (s: string): string => opts.redactor.text(s);

  let client: pg.Client | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const connect = async (): Promise<pg.Client> => {
    if (client) return client;
    const fresh = new pg.Client(config);
    // A connection lost while idle is reported here; without a listener it would crash the process.
    fresh.on('error', () => {
      if (client === fresh) client = null;
    });
    fresh.on('end', () => {
      if (client === fresh) client = null;
    });
    await fresh.connect();
    client = fresh;
    return fresh;
  };

  const cancel = async (pid: number): Promise<void> => {
    const canceller = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The query ends anyway when the request's own connection goes away.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  };

  const runOne = async (request: SqlRequest, ctx: ExecContext): Promise<SqlResult> => {
    if (ctx.signal.aborted) return sqlFailure('cancelled before it started');
    let c: pg.Client;
    try {
      c = await connect();
    } catch (error) {
      return sqlFailure(redact(connectMessage(error, place, connectTimeoutMs)));
    }
    // pg sets processID from the server's BackendKeyData but does not declare it.
    const onAbort = (): void => void cancel((c as unknown as { processID: number }).processID);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const deadline = request.timeoutMs === undefined ? undefined : Date.now() + request.timeoutMs;
    try {
      return await inTransaction(c, request, opts.maxRows ?? 500, deadline);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '57014' || code === 'PITSTOP_DEADLINE') {
        if (ctx.signal.aborted) return sqlFailure('cancelled');
        return sqlFailure(`query timed out after ${formatDuration(request.timeoutMs ?? 0)}`, true);
      }
      return sqlFailure(redact(queryMessage(error)));
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  };

  return {
    run(request, ctx) {
      const next = queue.then(() => runOne(request, ctx));
      queue = next.catch(() => undefined);
      return next.then((result) => opts.redactor.deep(result));
    },
    async close() {
      await queue;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

async function inTransaction(c: pg.Client, request: SqlRequest, maxRows: number, deadline: number | undefined): Promise<SqlResult> {
  await c.query(request.readOnly ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
  try {
    if (request.timeoutMs !== undefined) {
      await c.query("SELECT set_config('statement_timeout', $1, true)", [String(Math.max(1, Math.round(request.timeoutMs)))]);
    }
    const result = await readRows(c, request.query, request.params, maxRows, deadline, { single: request.readOnly });
    await c.query('COMMIT');
    return result;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === '25001' && !request.readOnly) return outsideTransaction(c, request, maxRows, deadline);
    throw error;
  }
}

/**
 * VACUUM, CREATE INDEX CONCURRENTLY and the like refuse to run in a transaction block
 * (SQLSTATE 25001). A write step using one runs on its own, with a session-level timeout.
 */
async function outsideTransaction(c: pg.Client, request: SqlRequest, maxRows: number, deadline: number | undefined): Promise<SqlResult> {
  if (request.timeoutMs !== undefined) {
    await c.query("SELECT set_config('statement_timeout', $1, false)", [String(Math.max(1, Math.round(request.timeoutMs)))]);
  }
  try {
    return await readRows(c, request.query, request.params, maxRows, deadline, { cursor: false });
  } finally {
    if (request.timeoutMs !== undefined) await c.query('RESET statement_timeout').catch(() => undefined);
  }
}
