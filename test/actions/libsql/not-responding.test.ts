import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents } from '../../helpers/cli.js';

/** A TCP port that accepts connections and then never answers: a hung server. */
async function hangingServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

/** A port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const hung = await hangingServer();
afterAll(async () => {
  for (const s of hung.sockets) s.destroy();
  await new Promise((resolve) => hung.server.close(resolve));
});

async function runAgainst(url: string) {
  const sb = makeSandbox({ PITSTOP_TEST_TOKEN: 'tok-not-responding-secret' });
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { tickets: { engine: 'libsql', url, auth_token: '${env:PITSTOP_TEST_TOKEN}' } } }));
  const result = await pitstop(sb, ['run', 'libsql-not-responding', '--target', 'tickets', '--plain', '--yes', '--set', 'platform=turso']);
  const events = readJournalEvents(onlyRunDir(sb));
  const attempts = (stepId: string) => {
    const started = events.filter((e) => e.type === 'step/started' && e.stepId === stepId);
    const ended = events.filter((e) => e.type === 'step/finished' && e.stepId === stepId);
    return started.map((s, i) => ({ ms: Date.parse(ended[i]!.at) - Date.parse(s.at), error: String(ended[i]!.error ?? '') }));
  };
  return { result, attempts };
}

describe('libsql-not-responding against a database that does not answer', () => {
  it('a refused connection fails each check at once, saying so', async () => {
    const { result, attempts } = await runAgainst(`http://127.0.0.1:${await closedPort()}`);
    const connect = attempts('connect');
    expect(connect).toHaveLength(2); // one retry
    for (const a of connect) {
      expect(a.error).toMatch(/ECONNREFUSED|refused/i);
      expect(a.ms).toBeLessThan(5_000);
    }
    expect(attempts('write-lock')[0]!.error).toMatch(/ECONNREFUSED|refused/i);
    expect(result.stdout + result.stderr).not.toContain('tok-not-responding-secret');
  });

  it('a server that accepts and hangs fails each check when its 5 s limit runs out', async () => {
    const { result, attempts } = await runAgainst(`http://127.0.0.1:${hung.port}`);
    const connect = attempts('connect');
    expect(connect).toHaveLength(2);
    for (const a of [...connect, ...attempts('write-lock')]) {
      expect(a.error).toMatch(/timed out|time limit|timeout/i);
      // Cut at its limit (5 s), not left hanging: a little slack for stopping the query.
      expect(a.ms).toBeGreaterThanOrEqual(4_900);
      expect(a.ms).toBeLessThan(8_000);
    }
    expect(result.stdout).toMatch(/connect/);
  });
});
