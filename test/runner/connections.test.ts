import { createClient } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/config/schema.js';
import type { SqlRequest } from '../../src/engine/types.js';
import { UsageError } from '../../src/errors.js';
import { createConnections } from '../../src/runner/connections.js';
import { createRedactor } from '../../src/util/redact.js';

/** A real libSQL file with one table holding `title`. */
async function database(dir: string, name: string, title: string): Promise<string> {
  const file = join(dir, `${name}.db`);
  const client = createClient({ url: `file:${file}` });
  await client.batch(['CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT)', { sql: 'INSERT INTO tickets (title) VALUES (?)', args: [title] }]);
  client.close();
  return file;
}

const target = (name: string, file: string): Target => ({ name, engine: 'libsql', url: `file:${file}`, secrets: [] });
const titleQuery = (on: string): SqlRequest => ({ kind: 'sql', on, query: 'SELECT title FROM tickets', params: [], readOnly: true });
const ctx = () => ({ signal: new AbortController().signal });

async function titleOn(connections: ReturnType<typeof createConnections>, on: string): Promise<unknown> {
  const result = await (await connections.sql(on)).run(titleQuery(on), ctx());
  expect(result.error).toBeUndefined();
  return result.rows[0]?.['title'];
}

describe('a run’s connections', () => {
  it('open the target on first use and reuse that connection after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-conn-'));
    const connections = createConnections(target('tickets', await database(dir, 'prod', 'from prod')), createRedactor([]));
    const first = await connections.sql('tickets');
    expect(await connections.sql('tickets')).toBe(first);
    expect(await titleOn(connections, 'tickets')).toBe('from prod');
    await connections.close();
  });

  it('reach another configured target by its name, and refuse a name that is neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-conn-'));
    const others = new Map([['staging', target('staging', await database(dir, 'staging', 'from staging'))]]);
    const connections = createConnections(target('tickets', await database(dir, 'prod', 'from prod')), createRedactor([]), others);
    expect(await titleOn(connections, 'staging')).toBe('from staging');
    const refused = await connections.sql('nowhere').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toMatch(/"nowhere".*neither this run's target \(tickets\)/);
    expect((refused as UsageError).hint).toMatch(/on: tickets, on: restored/);
    await connections.close();
  });

  it('refuse `restored` before a restore made a copy, then reach the registered copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-conn-'));
    const connections = createConnections(target('tickets', await database(dir, 'prod', 'from prod')), createRedactor([]));
    const early = await connections.sql('restored').catch((error: unknown) => error);
    expect(early).toBeInstanceOf(UsageError);
    expect((early as UsageError).message).toMatch(/no restored copy exists yet/);
    connections.registerRestored({ engine: 'libsql', url: `file:${await database(dir, 'copy-1', 'from copy 1')}` });
    expect(await titleOn(connections, 'restored')).toBe('from copy 1');
    await connections.close();
  });

  it('a second restore replaces the first copy: `restored` is the newest one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-conn-'));
    const connections = createConnections(target('tickets', await database(dir, 'prod', 'from prod')), createRedactor([]));
    connections.registerRestored({ engine: 'libsql', url: `file:${await database(dir, 'copy-1', 'from copy 1')}` });
    const first = await connections.sql('restored');
    expect(await titleOn(connections, 'restored')).toBe('from copy 1');
    connections.registerRestored({ engine: 'libsql', url: `file:${await database(dir, 'copy-2', 'from copy 2')}` });
    expect(await connections.sql('restored')).not.toBe(first);
    expect(await titleOn(connections, 'restored')).toBe('from copy 2');
    await connections.close();
  });

  it('close closes every connection opened; a later use opens a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-conn-'));
    const connections = createConnections(target('tickets', await database(dir, 'prod', 'from prod')), createRedactor([]));
    const first = await connections.sql('tickets');
    await connections.close();
    const again = await connections.sql('tickets');
    expect(again).not.toBe(first);
    expect(await titleOn(connections, 'tickets')).toBe('from prod');
    await connections.close();
  });
});
