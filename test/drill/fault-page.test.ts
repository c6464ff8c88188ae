import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { leafPages, overwritePage } from '../../src/drill/fault-page.js';

describe('the libSQL page fault', () => {
  it('finds the leaf pages of a table in key order, and a page overwritten makes the integrity check fail on that table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-page-'));
    const db = join(dir, 't.db');
    const client = createClient({ url: `file:${db}` });
    await client.batch(['CREATE TABLE victim (id INTEGER PRIMARY KEY, body TEXT)', 'CREATE TABLE bystander (id INTEGER PRIMARY KEY, body TEXT)'], 'write');
    for (const t of ['victim', 'bystander']) await client.execute(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO ${t} (id, body) SELECT i, hex(randomblob(40)) FROM n`);
    const leaves = await leafPages(client, 'victim');
    expect(leaves.length).toBeGreaterThanOrEqual(5);
    expect(leaves.reduce((sum, p) => sum + p.rows, 0)).toBe(400);
    const pageSize = Number((await client.execute('PRAGMA page_size')).rows[0]![0]);
    client.close();

    const middle = leaves[Math.floor(leaves.length / 2)]!;
    overwritePage(db, middle.pageno, pageSize);
    const after = createClient({ url: `file:${db}` });
    try {
      await expect(after.execute('SELECT count(*) FROM victim')).rejects.toThrow(/malformed|SQLITE_CORRUPT/);
      expect(Number((await after.execute('SELECT count(*) FROM bystander')).rows[0]![0])).toBe(400);
    } finally {
      after.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
