import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyHook } from '../../src/config/schema.js';
import { notifyText, type NotifyEvent } from '../../src/notify/message.js';
import { notifySecrets, sendNotifications } from '../../src/notify/send.js';

/** A real webhook on 127.0.0.1: records each body and answers with `answer(n)` for the n-th request. */
async function webhook(answer: (n: number, res: ServerResponse) => void = (_n, res) => res.end('ok')) {
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      answer(bodies.length, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/s3cretT0ken`;
  return { url, bodies };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const failed: NotifyEvent = {
  kind: 'failed', at: '2026-11-29T01:00:00.000Z', target: 'shop', runbook: 'pg-accidental-deletion', runId: 'r1',
  step: 'copy-back', summary: 'step copy-back failed: connection refused', command: 'pitstop resume r1',
};
const hook = (over: Record<string, unknown>) => NotifyHook.parse(over);

describe('sendNotifications', () => {
  it('posts Slack-compatible text by default, and the event itself with format: json', async () => {
    const chat = await webhook();
    const pager = await webhook();
    const failures = await sendNotifications([hook({ url: chat.url }), hook({ url: pager.url, format: 'json', on: ['failed'] })], failed);
    expect(failures).toEqual([]);
    expect(JSON.parse(chat.bodies[0]!)).toEqual({ text: notifyText(failed) });
    expect(notifyText(failed)).toBe('pitstop · run failed · pg-accidental-deletion on shop · at copy-back · step copy-back failed: connection refused · next: pitstop resume r1');
    expect(JSON.parse(pager.bodies[0]!)).toMatchObject({ type: 'notify/failed', runId: 'r1', step: 'copy-back', target: 'shop' });
  });

  it('sends only to hooks whose on: lists the event', async () => {
    const onlyFinished = await webhook();
    await sendNotifications([hook({ url: onlyFinished.url, on: ['finished'] })], failed);
    expect(onlyFinished.bodies).toEqual([]);
  });

  it('retries once after an error answer', async () => {
    const flaky = await webhook((n, res) => {
      res.statusCode = n === 1 ? 503 : 200;
      res.end();
    });
    expect(await sendNotifications([hook({ url: flaky.url })], failed)).toEqual([]);
    expect(flaky.bodies).toHaveLength(2);
  });

  it('gives up after the retry with a reason that never shows the URL', async () => {
    const down = await webhook((_n, res) => {
      res.statusCode = 500;
      res.end();
    });
    const failures = await sendNotifications([hook({ url: down.url })], failed);
    expect(failures).toEqual([{ hook: 'notify[0]', error: 'the webhook answered HTTP 500 (after 2 attempts)' }]);
    expect(down.bodies).toHaveLength(2);
  });

  it('a webhook that never answers times out instead of holding the run', async () => {
    const silent = await webhook(() => undefined);
    const failures = await sendNotifications([hook({ url: silent.url })], failed, { timeoutMs: 300 });
    expect(failures).toEqual([{ hook: 'notify[0]', error: 'no answer within 0.3 s (after 2 attempts)' }]);
  });

  it('a refused connection is a failure of that hook; its URL is not in the message', async () => {
    const gone = await webhook();
    servers.pop()!.close();
    const failures = await sendNotifications([hook({ url: gone.url })], failed);
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures)).not.toContain('s3cretT0ken');
  });

  it('an unset ${env:…} in a URL is that hook\'s failure, and resolved URLs are secrets for the redactor', async () => {
    const chat = await webhook();
    const hooks = [hook({ url: '${env:PITSTOP_TEST_NO_SUCH_HOOK}' }), hook({ url: '${env:PITSTOP_TEST_HOOK}' })];
    const env = { PITSTOP_TEST_HOOK: chat.url };
    expect(await sendNotifications(hooks, failed, { env })).toEqual([{ hook: 'notify[0]', error: 'PITSTOP_TEST_NO_SUCH_HOOK is not set (referenced by notify[0].url)' }]);
    expect(chat.bodies).toHaveLength(1);
    expect(notifySecrets(hooks, env)).toEqual([chat.url]);
  });
});
