import { createClient } from '@libsql/client';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRequest } from '../../src/engine/types.js';
import { createLibsqlExecutor, localPath } from '../../src/executors/libsql.js';
import type { ExecContext, SqlExecutor } from '../../src/executors/types.js';
import { freePort } from '../../src/postgres/server-env.js';
import { createRedactor } from '../../src/util/redact.js';

const base = mkdtempSync(join(tmpdir(), 'pitstop-libsql-'));
const dbFile = join(base, 'app.db');
const url = `file:${dbFile}`;
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
const SLOW = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT count(*) AS n FROM c';

async function direct(query: string): Promise<Record<string, unknown>[]> {
  const client = createClient({ url });
  try {
    return (await client.execute(query)).rows.map((r) => ({ ...r }));
  } finally {
    client.close();
  }
}

let exec: SqlExecutor;
beforeAll(async () => {
  const client = createClient({ url });
  await client.batch(['CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)', "INSERT INTO t (v) VALUES ('one'), ('two')"], 'write');
  client.close();
  exec = createLibsqlExecutor({ url, redactor: createRedactor([]) });
});
afterAll(async () => {
  await exec?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('libsql executor on a local file', () => {
  it('runs a query with bound ? arguments and returns JSON-friendly values', async () => {
    const r = await exec.run(sql("SELECT ? + 1 AS n, 9007199254740993 AS big, 2.5 AS real, x'00ff' AS b, ? AS s, NULL AS nada", [41, 'hé']), ctx());
    expect(r.error).toBeUndefined();
    expect(r.columns).toEqual(['n', 'big', 'real', 'b', 's', 'nada']);
    expect(r.rows).toEqual([{ n: 42, big: '9007199254740993', real: 2.5, b: '\\x00ff', s: 'hé', nada: null }]);
    expect(r.rowCount).toBe(1);
  });

  it('refuses writes in a read-only request and changes nothing', async () => {
    const ins = await exec.run(sql("INSERT INTO t (v) VALUES ('sneaky')"), ctx());
    expect(ins.error).toMatch(/readonly database: this step is read-only/);
    const drop = await exec.run(sql('DROP TABLE t'), ctx());
    expect(drop.error).toMatch(/read-only/);
    expect(await direct('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('lets a write through after a refused read-only one (no read-only state leaks)', async () => {
    await exec.run(sql("INSERT INTO t (v) VALUES ('sneaky')"), ctx());
    const ok = await exec.run(write("INSERT INTO t (v) VALUES ('fine')"), ctx());
    expect(ok).toMatchObject({ rowCount: 1 });
    expect(ok.error).toBeUndefined();
    await exec.run(write("DELETE FROM t WHERE v = 'fine'"), ctx());
  });

  it('stores hostile bound values literally, with no side effect', async () => {
    const hostile = "'; DROP TABLE t; --";
    const ins = await exec.run(write('INSERT INTO t (v) VALUES (?), (?)', [hostile, "x'); DELETE FROM t; --"]), ctx());
    expect(ins).toMatchObject({ rowCount: 2, rows: [] });
    const back = await exec.run(sql('SELECT v FROM t WHERE v = ?', [hostile]), ctx());
    expect(back.rows).toEqual([{ v: hostile }]);
    expect(await direct('SELECT count(*) AS n FROM t')).toEqual([{ n: 4 }]);
    await exec.run(write('DELETE FROM t WHERE id > 2'), ctx());
  });

  it('returns at most maxRows rows but the real row count', async () => {
    const small = createLibsqlExecutor({ url, redactor: createRedactor([]), maxRows: 5 });
    try {
      const r = await small.run(sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x FROM c'), ctx());
      expect(r.rowCount).toBe(20_000);
      expect(r.rows).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }, { x: 5 }]);
    } finally {
      await small.close();
    }
  });

  it('times out a slow query, and the next request works', async () => {
    const started = Date.now();
    const r = await exec.run(sql(SLOW, [], { timeoutMs: 300 }), ctx());
    expect(r).toMatchObject({ timedOut: true, error: 'query timed out after 300ms' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await exec.run(sql('SELECT count(*) AS n FROM t'), ctx())).rows).toEqual([{ n: 2 }]);
  });

  it('rolls back a write cut short by its timeout and releases the lock', async () => {
    const r = await exec.run(write(`INSERT INTO t (v) SELECT 'bulk' FROM (${SLOW})`, [], { timeoutMs: 300 }), ctx());
    expect(r.timedOut).toBe(true);
    const next = await exec.run(write("INSERT INTO t (v) VALUES ('after')"), ctx());
    expect(next.error).toBeUndefined();
    expect(await direct("SELECT v FROM t WHERE id > 2")).toEqual([{ v: 'after' }]);
    expect(await direct('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    await exec.run(write('DELETE FROM t WHERE id > 2'), ctx());
  });

  it('cancels the running query when ctx.signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const r = await exec.run(sql(SLOW), ctx(controller.signal));
    expect(r).toMatchObject({ error: 'cancelled', timedOut: false });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses several statements in one query instead of running only the first', async () => {
    const r = await exec.run(write("INSERT INTO t (v) VALUES ('a'); INSERT INTO t (v) VALUES ('b')"), ctx());
    expect(r.error).toMatch(/^several statements in one query/);
    expect(await direct('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('reports SQL errors clearly', async () => {
    expect((await exec.run(sql('SELECT * FROM no_such_table'), ctx())).error).toMatch(/no such table: no_such_table/);
  });

  it('never creates an empty database for a missing file', async () => {
    const missing = join(base, 'typo.db');
    const e = createLibsqlExecutor({ url: `file:${missing}`, redactor: createRedactor([]) });
    try {
      for (const request of [sql('SELECT 1'), write('CREATE TABLE x (a)')]) {
        const r = await e.run(request, ctx());
        expect(r.error).toMatch(new RegExp(`^database file not found: ${missing}`));
      }
      expect(existsSync(missing)).toBe(false);
      mkdirSync(join(base, 'dir.db'));
      const dir = createLibsqlExecutor({ url: `file:${join(base, 'dir.db')}`, redactor: createRedactor([]) });
      expect((await dir.run(sql('SELECT 1'), ctx())).error).toMatch(/is a directory/);
      await dir.close();
    } finally {
      await e.close();
    }
  });
});

describe('libsql executor on an unreachable server', () => {
  it('gives one clear error quickly, without the token', async () => {
    const port = await freePort();
    const token = 'eyJ-secret-token-123';
    const e = createLibsqlExecutor({ url: `http://127.0.0.1:${port}`, authToken: token, redactor: createRedactor([]) });
    try {
      const started = Date.now();
      const r = await e.run(sql('SELECT 1'), ctx());
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.error).toBe(`cannot connect to libsql at http://127.0.0.1:${port} (connection refused): is the server up?`);
      expect(JSON.stringify(r)).not.toContain(token);
    } finally {
      await e.close();
    }
  });
});

describe('localPath', () => {
  it('reads file: URLs as @libsql/client does', () => {
    expect(localPath('file:/srv/app.db')).toBe('/srv/app.db');
    expect(localPath('file:///srv/my%20app.db?mode=x')).toBe('/srv/my app.db');
    expect(localPath('file:rel/app.db')).toBe(join(process.cwd(), 'rel/app.db'));
    expect(localPath('file::memory:')).toBeNull();
    expect(localPath('libsql://db.turso.io')).toBeNull();
  });
});
