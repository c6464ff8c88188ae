import { createServer, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIBSQL_CONNECT_TIMEOUT_MS, DEFAULT_LIBSQL_SQL_TIMEOUT_MS, libsqlTimeouts } from '../../src/executors/libsql-timeouts.js';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents } from '../helpers/cli.js';

/** Accepts TCP connections and never says a word. */
const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const silentPort = (silent.address() as { port: number }).port;

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

/** A one-step runbook whose query has no timeout:, run headless against `url`. */
async function runQuery(url: string, env: Record<string, string>) {
  const sb = makeSandbox(env);
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { remote: { engine: 'libsql', url } } }));
  const runbook = join(sb.cwd, 'ask.yaml');
  writeFileSync(runbook, stringify({ id: 'ask', title: 'Ask', scenario: 'custom', engine: 'libsql', steps: [{ id: 'q', kind: 'sql', query: 'SELECT 1 AS ok' }] }));
  const started = Date.now();
  const result = await pitstop(sb, ['run', runbook, '--target', 'remote', '--plain', '--yes']);
  const finished = readJournalEvents(onlyRunDir(sb)).find((e) => e.type === 'step/finished' && e.stepId === 'q');
  return { result, finished, ms: Date.now() - started };
}

describe('a remote libSQL server that never answers, with no timeout on the step', () => {
  it('fails when the connection limit runs out, saying the server did not answer', async () => {
    const { result, finished } = await runQuery(`http://127.0.0.1:${silentPort}`, { PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS: '700', PITSTOP_SQL_TIMEOUT_MS: '60000' });
    expect(result.exitCode).toBe(1);
    expect(String(finished?.error)).toMatch(/^no answer from libsql at http:\/\/127\.0\.0\.1:\d+ within 700ms \(connection timeout\)/);
  });

  it('a query on a step without timeout: is cut at the default limit, which the message names', async () => {
    const { result, finished } = await runQuery(`http://127.0.0.1:${silentPort}`, { PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS: '10000', PITSTOP_SQL_TIMEOUT_MS: '900' });
    expect(result.exitCode).toBe(1);
    expect(String(finished?.error)).toMatch(/^query timed out after 900ms \(the limit for a step without timeout:; set timeout: on the step for more\)/);
  });
});

describe('libsqlTimeouts', () => {
  it('defaults to 60 s per query and 10 s to connect, like PostgreSQL', () => {
    expect(DEFAULT_LIBSQL_SQL_TIMEOUT_MS).toBe(60_000);
    expect(DEFAULT_LIBSQL_CONNECT_TIMEOUT_MS).toBe(10_000);
    expect(libsqlTimeouts({})).toEqual({ sqlMs: 60_000, connectMs: 10_000 });
  });

  it('takes PITSTOP_SQL_TIMEOUT_MS and PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS', () => {
    expect(libsqlTimeouts({ PITSTOP_SQL_TIMEOUT_MS: '1500', PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS: '250' })).toEqual({ sqlMs: 1500, connectMs: 250 });
  });

  it('refuses a value that is not a positive whole number of milliseconds', () => {
    expect(() => libsqlTimeouts({ PITSTOP_SQL_TIMEOUT_MS: '1m' })).toThrow(/PITSTOP_SQL_TIMEOUT_MS must be a whole number of milliseconds above 0, not "1m"/);
    expect(() => libsqlTimeouts({ PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS: '0' })).toThrow(/PITSTOP_LIBSQL_CONNECT_TIMEOUT_MS/);
  });
});
