import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRequest } from '../../src/engine/types.js';
import { connectMessage } from '../../src/executors/pg-errors.js';
import { createPostgresExecutor } from '../../src/executors/postgres.js';
import type { ExecContext, SqlExecutor } from '../../src/executors/types.js';
import { freePort } from '../../src/postgres/server-env.js';
import { createRedactor } from '../../src/util/redact.js';
import { withCluster } from '../helpers/pg.js';

const pg = withCluster({ archive: false });
const ctx = (signal: AbortSignal = new AbortController().signal): ExecContext => ({ signal });
const sql = (query: string, params: unknown[] = [], extra: Partial<SqlRequest> = {}): SqlRequest => ({
  kind: 'sql',
  on: 'db',
  query,
  params,
  readOnly: true,
  ...extra,
});
const write = (query: string, params: unknown[] = [], extra: Partial<SqlRequest> = {}) => sql(query, params, { readOnly: false, ...extra });

let exec: SqlExecutor;
beforeAll(async () => {
  await pg.query('CREATE TABLE t (id serial PRIMARY KEY, v text)');
  await pg.query("INSERT INTO t (v) VALUES ('one'), ('two')");
  exec = createPostgresExecutor({ url: pg.url(), redactor: createRedactor([]) });
});
afterAll(async () => {
  await exec?.close();
});

describe('postgres executor', () => {
  it('runs a query with bound parameters and returns JSON-friendly values', async () => {
    const r = await exec.run(
      sql(
        "SELECT $1::int + 1 AS n, 9007199254740993::bigint AS big, 42::bigint AS small, 1.50::numeric AS dec, '\\x00ff'::bytea AS b, '{\"a\":[1]}'::json AS j, '2024-12-14 14:00:00+00'::timestamptz AS ts, '2024-12-14'::date AS d, NULL AS nothing",
        [41],
      ),
      ctx(),
    );
    expect(r.error).toBeUndefined();
    expect(r.columns).toEqual(['n', 'big', 'small', 'dec', 'b', 'j', 'ts', 'd', 'nothing']);
    expect(r.rows).toEqual([
      { n: 42, big: '9007199254740993', small: 42, dec: '1.50', b: '\\x00ff', j: { a: [1] }, ts: '2024-12-14 14:00:00+00', d: '2024-12-14', nothing: null },
    ]);
    expect(r.rowCount).toBe(1);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('refuses a write in a read-only request and changes nothing', async () => {
    const r = await exec.run(sql("INSERT INTO t (v) VALUES ('sneaky')"), ctx());
    expect(r.error).toMatch(/cannot execute INSERT in a read-only transaction: this step is read-only/);
    const del = await exec.run(sql('WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) AS n FROM d'), ctx());
    expect(del.error).toMatch(/read-only/);
    const escape = await exec.run(sql("COMMIT; INSERT INTO t (v) VALUES ('escaped')"), ctx());
    expect(escape.error).toMatch(/cannot insert multiple commands/);
    expect(await pg.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('stores hostile bound values literally, with no side effect', async () => {
    const hostile = "'; DROP TABLE t; --";
    const ins = await exec.run(write('INSERT INTO t (v) VALUES ($1), ($2) RETURNING v', [hostile, "x'); DELETE FROM t; --"]), ctx());
    expect(ins).toMatchObject({ rowCount: 2, rows: [{ v: hostile }, { v: "x'); DELETE FROM t; --" }] });
    const back = await exec.run(sql('SELECT v FROM t WHERE v = $1', [hostile]), ctx());
    expect(back.rows).toEqual([{ v: hostile }]);
    expect(await pg.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 4 }]);
    await pg.query('DELETE FROM t WHERE id > 2');
  });

  it('returns at most maxRows rows but the real row count, reading in batches', async () => {
    const small = createPostgresExecutor({ url: pg.url(), redactor: createRedactor([]), maxRows: 10 });
    try {
      const r = await small.run(sql('SELECT g FROM generate_series(1, 123456) g;'), ctx());
      expect(r.rowCount).toBe(123_456);
      expect(r.rows).toHaveLength(10);
      expect(r.rows[9]).toEqual({ g: 10 });
      const none = await small.run(sql('SELECT g FROM generate_series(1, 0) g'), ctx());
      expect(none).toMatchObject({ columns: ['g'], rows: [], rowCount: 0 });
    } finally {
      await small.close();
    }
  });

  it('reports affected rows of a write and rolls the whole request back on error', async () => {
    const upd = await exec.run(write("UPDATE t SET v = v || '!' WHERE id <= 2"), ctx());
    expect(upd).toMatchObject({ rowCount: 2, rows: [], columns: [] });
    const bad = await exec.run(write("INSERT INTO t (v) VALUES ('lost'); SELECT 1/0"), ctx());
    expect(bad.error).toMatch(/division by zero \(22012\)/);
    expect(await pg.query("SELECT count(*)::int AS n FROM t WHERE v = 'lost'")).toEqual([{ n: 0 }]);
  });

  it('runs a data-modifying WITH and statements that refuse a transaction block', async () => {
    await pg.query("INSERT INTO t (v) VALUES ('gone')");
    const r = await exec.run(write("WITH d AS (DELETE FROM t WHERE v = $1 RETURNING *) SELECT count(*) AS n FROM d", ['gone']), ctx());
    expect(r.rows).toEqual([{ n: 1 }]);
    const vacuum = await exec.run(write('VACUUM (ANALYZE) t', [], { timeoutMs: 30_000 }), ctx());
    expect(vacuum.error).toBeUndefined();
    expect((await exec.run(sql('SHOW statement_timeout'), ctx())).rows).toEqual([{ statement_timeout: '0' }]);
  });

  it('times out a slow query, and the connection stays usable without the timeout', async () => {
    const started = Date.now();
    const r = await exec.run(sql('SELECT pg_sleep(10)', [], { timeoutMs: 300 }), ctx());
    expect(r).toMatchObject({ timedOut: true, error: 'query timed out after 300ms' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await exec.run(sql('SHOW statement_timeout'), ctx())).rows).toEqual([{ statement_timeout: '0' }]);
  });

  it('cancels the running query when ctx.signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const r = await exec.run(sql('SELECT pg_sleep(10)'), ctx(controller.signal));
    expect(r).toMatchObject({ error: 'cancelled', timedOut: false });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await exec.run(sql('SELECT 1 AS ok'), ctx())).rows).toEqual([{ ok: 1 }]);
  });

  it('reports SQL errors with their SQLSTATE', async () => {
    const r = await exec.run(sql('SELECT * FROM no_such_table'), ctx());
    expect(r.error).toBe('relation "no_such_table" does not exist (42P01)');
  });
});

describe('postgres executor: unreachable databases', () => {
  const redactor = createRedactor(['s3cret-pw']);

  it('gives one clear error for a closed TCP port, within the connect timeout, without the password', async () => {
    const port = await freePort();
    const exec = createPostgresExecutor({ url: `postgresql://app:s3cret-pw@127.0.0.1:${port}/orders`, redactor, connectTimeoutMs: 3000 });
    const started = Date.now();
    const r = await exec.run(sql('SELECT 1'), ctx());
    expect(r.error).toBe(`cannot connect to postgres at 127.0.0.1:${port}/orders (connection refused): is the server up?`);
    expect(Date.now() - started).toBeLessThan(3000);
    await exec.close();
  });

  it('names a missing socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-nosock-'));
    try {
      const exec = createPostgresExecutor({ url: `postgresql://postgres@/db?host=${dir}&port=5999`, redactor });
      const r = await exec.run(sql('SELECT 1'), ctx());
      expect(r.error).toBe(`cannot connect to postgres at ${dir}:5999/db (no server socket ${dir}/.s.PGSQL.5999): is the server up?`);
      await exec.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a database that does not exist', async () => {
    const exec = createPostgresExecutor({ url: pg.url('nodb'), redactor });
    const r = await exec.run(sql('SELECT 1'), ctx());
    expect(r.error).toBe(`database "nodb" does not exist at ${pg.cluster.socketDir}:${pg.cluster.port}`);
    await exec.close();
  });

  it('explains an authentication failure', () => {
    const place = { host: 'db', port: 5432, database: 'orders', user: 'app' };
    expect(connectMessage({ code: '28P01', message: 'password authentication failed for user "app"' }, place, 10_000)).toBe(
      'authentication failed for user "app" at db:5432/orders: check the password',
    );
    expect(connectMessage(new Error('Connection terminated due to connection timeout'), place, 10_000)).toBe(
      'cannot connect to postgres at db:5432/orders (no answer within 10 s): check the host, port and firewall',
    );
  });
});
