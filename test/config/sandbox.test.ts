import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { ensureSandbox, sandboxTarget, targetView } from '../../src/config/sandbox.js';
import type { Target } from '../../src/config/schema.js';

describe('sandbox', () => {
  it('creates a usable libSQL database once, seeded by the hook', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'pitstop-sbx-')), 'home');
    const created = await ensureSandbox(home, async (client) => {
      await client.execute('CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT)');
      await client.execute({ sql: 'INSERT INTO tickets (title) VALUES (?)', args: ['printer on fire'] });
    });
    expect(created).toBe(true);
    expect(statSync(join(home, 'sandbox')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(home, 'sandbox', 'backups'))).toBe(true);
    expect(await ensureSandbox(home, async () => { throw new Error('must not seed twice'); })).toBe(false);

    const db = createClient({ url: sandboxTarget(home).url });
    const rows = await db.execute('SELECT title FROM tickets');
    db.close();
    expect(rows.rows.map((r) => r['title'])).toEqual(['printer on fire']);
  });

  it('the real seed in WAL mode: every row survives the move into place', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'pitstop-sbx-')), 'home');
    await ensureSandbox(home, async (client) => {
      await client.execute('PRAGMA journal_mode = WAL');
      await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      await client.batch(Array.from({ length: 50 }, (_, i) => ({ sql: 'INSERT INTO t (v) VALUES (?)', args: [`row ${i}`] })), 'write');
    });
    expect(readdirSync(join(home, 'sandbox')).sort()).toEqual(['backups', 'sandbox.db']);
    const db = createClient({ url: sandboxTarget(home).url });
    const count = await db.execute('SELECT count(*) AS n FROM t');
    db.close();
    expect(Number(count.rows[0]!['n'])).toBe(50);
  });

  it('a failing seed leaves no half-made database behind', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'pitstop-sbx-')), 'home');
    await expect(ensureSandbox(home, async () => { throw new Error('seed broke'); })).rejects.toThrow('seed broke');
    expect(existsSync(join(home, 'sandbox', 'sandbox.db'))).toBe(false);
    expect(await ensureSandbox(home)).toBe(true);
  });

  it('targetView keeps the templatable fields and drops the secrets list', () => {
    const target: Target = { name: 't', engine: 'libsql', url: 'libsql://h', auth_token: 'tok', backups: '/b', secrets: ['tok'], builtin: true };
    const view = targetView(target);
    expect(view).toEqual({ name: 't', engine: 'libsql', url: 'libsql://h', auth_token: 'tok', backups: '/b' });
    expect(view).not.toHaveProperty('secrets');
  });

  it("describes the seed 003 system with the tickets example's data: and params:, read from the example itself", () => {
    const home = join(mkdtempSync(join(tmpdir(), 'pitstop-sbx-')), 'home');
    const example = parse(readFileSync(fileURLToPath(new URL('../../examples/tickets.pitstop.yaml', import.meta.url)), 'utf8')).targets.tickets;
    const target = sandboxTarget(home);
    expect(target.data).toEqual(example.data);
    expect(target.params).toEqual(example.params);
    expect(target.data?.tables).toHaveProperty('interacciones');
    // The database, URL and backups stay the sandbox's own.
    expect(target.url).toBe(`file:${join(home, 'sandbox', 'sandbox.db')}`);
    expect(target).not.toHaveProperty('turso');
    expect(target).not.toHaveProperty('auth_token');
  });
});
