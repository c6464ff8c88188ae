import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/** Real webhooks on 127.0.0.1: each records the bodies it got and answers with `status`. */
const servers: ReturnType<typeof createServer>[] = [];
async function webhook(status: number) {
  const bodies: unknown[] = [];
  const server = createServer((req, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T0/s3cretHookPath`, bodies };
}
afterAll(() => {
  for (const s of servers) s.close();
});

function project(hooks: string[], step: string): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(join(sandbox.cwd, 'runbooks', 'tiny.yaml'), [
    'id: tiny', 'title: Tiny', 'scenario: custom', 'engine: libsql', 'steps:',
    '  - id: only', '    kind: command', `    argv: [node, -e, "${step}"]`, '',
  ].join('\n'));
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), [
    'notify:', ...hooks, 'targets:', '  shop:', '    engine: libsql', `    url: file:${join(sandbox.cwd, 'shop.db')}`, '',
  ].join('\n'));
  return sandbox;
}

describe('notify: on a run\'s end', () => {
  it('a failed run is posted as Slack text and as the JSON event; the run\'s exit code is its own', async () => {
    const chat = await webhook(200);
    const pager = await webhook(200);
    const sandbox = project([`  - url: ${chat.url}`, `  - url: \${env:PAGER_HOOK}`, '    format: json', '    on: [failed]'], 'process.exit(3)');
    const r = await pitstop(sandbox, ['run', 'tiny', '--plain'], { env: { PAGER_HOOK: pager.url } });
    expect(r.exitCode).toBe(1);
    expect(chat.bodies).toHaveLength(1);
    expect((chat.bodies[0] as { text: string }).text).toMatch(/^pitstop · run failed · tiny on shop · at only · .* · next: pitstop resume \S+$/);
    expect(pager.bodies[0]).toMatchObject({ type: 'notify/failed', runbook: 'tiny', target: 'shop', step: 'only' });
  });

  it('a headless run stopped at a gate is posted once as waiting, with the command to go on', async () => {
    const chat = await webhook(200);
    const sandbox = project([`  - url: ${chat.url}`, '    on: [waiting, failed]'], 'process.exit(0)');
    writeFileSync(join(sandbox.cwd, 'runbooks', 'tiny.yaml'), [
      'id: tiny', 'title: Tiny', 'scenario: custom', 'engine: libsql', 'steps:',
      '  - id: ask', '    kind: confirm', '    title: Go on?', '',
    ].join('\n'));
    const r = await pitstop(sandbox, ['run', 'tiny', '--plain']);
    expect(r.exitCode).toBe(3);
    expect(chat.bodies).toHaveLength(1);
    expect((chat.bodies[0] as { text: string }).text).toMatch(/^pitstop · run waiting for an answer · tiny on shop · at ask · paused at step ask · next: pitstop resume \S+ --yes$/);
  });

  it('a hook that cannot be told is printed and journaled; the run still finishes with exit 0, and the URL is never shown', async () => {
    const down = await webhook(500);
    const sandbox = project([`  - url: ${down.url}`, '    on: [finished]'], 'process.exit(0)');
    const r = await pitstop(sandbox, ['run', 'tiny', '--plain']);
    expect(r.exitCode).toBe(0);
    expect(down.bodies).toHaveLength(2);
    expect(r.stderr).toContain('pitstop: notification notify[0] not delivered: the webhook answered HTTP 500 (after 2 attempts)');
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.at(-1)).toMatchObject({ type: 'notify/failed', event: 'finished', hook: 'notify[0]' });
    const report = await pitstop(sandbox, ['report', events[0]!['runId'] as string]);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain('**Outcome** | finished');
    expect(report.stdout).toContain('notification notify[0] (finished) not delivered');
    expect(JSON.stringify(events) + r.stdout + r.stderr + report.stdout).not.toContain('s3cretHookPath');
  });

  it('a webhook that never answers delays the run\'s end by the real 5 s timeout and one retry, no more, and the exit code stays 0', async () => {
    let asked = 0;
    const silent = createServer(() => {
      asked++;
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    servers.push(silent);
    const sandbox = project([`  - url: http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`, '    on: [finished]'], 'process.exit(0)');
    const r = await pitstop(sandbox, ['run', 'tiny', '--plain']);
    const exitedAt = Date.now();
    expect(r.exitCode).toBe(0);
    expect(asked).toBe(2);
    expect(r.stderr).toContain('not delivered: no answer within 5 s (after 2 attempts)');
    const finished = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'run/finished')!;
    const delay = exitedAt - Date.parse(finished['at'] as string);
    expect(delay).toBeGreaterThanOrEqual(10_000);
    // Two 5 s attempts and the process exit; the slack is for a loaded CI machine, not for a third attempt (15 s).
    expect(delay).toBeLessThan(12_500);
  }, 30_000);
});
