import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/libsql/copy-rows.js';
import { copyDbFile, libsqlTarget, makeContext, runAction, scalar, tempDir, withDb } from './helpers.js';

/**
 * Tables of every shape on real files: `schema` and `seed` build production, a byte copy
 * becomes the "snapshot", then `incident` runs on production only.
 */
async function shaped(schema: string[], seed: string[], incident: string[]) {
  const dir = tempDir();
  const db = join(dir, 'prod.db');
  const snap = join(dir, 'snap.db');
  await withDb(db, async (c) => {
    for (const sql of [...schema, ...seed]) await c.execute(sql);
  });
  await copyDbFile(db, snap);
  await withDb(db, async (c) => {
    for (const sql of incident) await c.execute(sql);
  });
  return { db, snap, target: libsqlTarget(db, { backups: join(dir, 'backups') }) };
}

async function rows(path: string, sql: string): Promise<unknown[][]> {
  return withDb(path, async (c) => (await c.execute(sql)).rows.map((r) => Array.from({ length: r.length }, (_, i) => r[i])));
}

describe('libsql.copy-rows matches rows by the shape of the table', () => {
  it('a WITHOUT ROWID join table: matched on its composite primary key, in batches, never overwriting', async () => {
    const tags = Array.from({ length: 12 }, (_, i) => `INSERT INTO item_tags VALUES (${1 + (i % 4)}, 'tag${i}', 'from snapshot')`);
    const s = await shaped(
      ['CREATE TABLE item_tags (item_id INTEGER NOT NULL, tag_id TEXT NOT NULL, note TEXT, PRIMARY KEY (item_id, tag_id)) WITHOUT ROWID'],
      tags,
      ["UPDATE item_tags SET note = 'changed' WHERE item_id = 1", 'DELETE FROM item_tags WHERE item_id IN (2, 3)', "INSERT INTO item_tags VALUES (9, 'late', 'written after')"],
    );
    const ctx = makeContext(s.target);
    const out = await runAction(copyRowsAction, { table: 'item_tags', from: s.snap, batch_size: 5 }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['item_id', 'tag_id'], candidates: 12, copied: 6, skipped_existing: 6 });
    expect(ctx.logged.join('\n')).toMatch(/matching on \(item_id, tag_id\)/);
    expect(await scalar(s.db, 'SELECT count(*) FROM item_tags')).toBe(13);
    expect(await scalar(s.db, "SELECT count(*) FROM item_tags WHERE note = 'changed'")).toBe(3);
    const again = await runAction(copyRowsAction, { table: 'item_tags', from: s.snap, batch_size: 5 }, makeContext(s.target));
    expect(again.outputs).toMatchObject({ copied: 0, skipped_existing: 12 });
    const overwritten = await runAction(copyRowsAction, { table: 'item_tags', from: s.snap, overwrite: true, batch_size: 5 }, makeContext(s.target));
    expect(overwritten.outputs).toMatchObject({ copied: 0, overwritten: 12 });
    expect(await scalar(s.db, "SELECT count(*) FROM item_tags WHERE note = 'changed'")).toBe(0);
  });

  it('through two connections: a composite key, in batches, the same counts as through ATTACH', async () => {
    const tags = Array.from({ length: 12 }, (_, i) => `INSERT INTO item_tags VALUES (${1 + (i % 4)}, 'tag${i}', 'from snapshot')`);
    const s = await shaped(
      ['CREATE TABLE item_tags (item_id INTEGER NOT NULL, tag_id TEXT NOT NULL, note TEXT, PRIMARY KEY (item_id, tag_id)) WITHOUT ROWID'],
      tags,
      ["UPDATE item_tags SET note = 'changed' WHERE item_id = 1", 'DELETE FROM item_tags WHERE item_id IN (2, 3)', "INSERT INTO item_tags VALUES (9, 'late', 'written after')"],
    );
    const ctx = makeContext(s.target, { restored: { engine: 'libsql', url: `file:${s.snap}` } });
    try {
      const out = await runAction(copyRowsAction, { table: 'item_tags', batch_size: 5 }, ctx);
      expect(out.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['item_id', 'tag_id'], candidates: 12, copied: 6, skipped_existing: 6 });
      const again = await runAction(copyRowsAction, { table: 'item_tags', batch_size: 5 }, ctx);
      expect(again.outputs).toMatchObject({ copied: 0, skipped_existing: 12 });
    } finally {
      await ctx.close();
    }
    expect(await scalar(s.db, 'SELECT count(*) FROM item_tags')).toBe(13);
    expect(await scalar(s.db, "SELECT count(*) FROM item_tags WHERE note = 'changed'")).toBe(3);
  });

  it('through two connections: no key, as a multiset read in pages (NULLs, duplicates, mixed types), later rows kept', async () => {
    const seed = [
      "INSERT INTO history VALUES (1, 10.5, 'a'), (1, 10.5, 'a'), (1, 10.5, 'a'), (2, -3.25, NULL), (2, -3.25, NULL), (3, 0.1, 'c')",
      "INSERT INTO history VALUES (NULL, NULL, NULL), (NULL, NULL, NULL), ('1', 1, x'01'), (1, 1, x'01'), (4, 2.0, 'd')",
    ];
    const s = await shaped(
      ['CREATE TABLE history (account, delta REAL, note)'],
      seed,
      ['DELETE FROM history WHERE rowid IN (1, 2, 4, 5, 7, 8, 10, 11)', "INSERT INTO history VALUES (3, 0.1, 'c')"],
    );
    const before = await rows(s.snap, 'SELECT account, typeof(account), delta, typeof(delta), note, count(*) FROM history GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 5');
    const ctx = makeContext(s.target, { restored: { engine: 'libsql', url: `file:${s.snap}` } });
    try {
      const out = await runAction(copyRowsAction, { table: 'history', batch_size: 2 }, ctx);
      expect(out.outputs).toMatchObject({ strategy: 'no-key', key_columns: [], candidates: 11, copied: 8, skipped_existing: 3 });
      const again = await runAction(copyRowsAction, { table: 'history', batch_size: 2 }, ctx);
      expect(again.outputs).toMatchObject({ copied: 0, skipped_existing: 11 });
    } finally {
      await ctx.close();
    }
    const after = await rows(s.db, 'SELECT account, typeof(account), delta, typeof(delta), note, count(*) FROM history GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 5');
    // the copy's rows, plus the one written after it
    expect(after).toEqual(before.map((r) => (r[0] === 3 ? [...r.slice(0, 5), 2] : r)));
  });

  it('a rowid table whose composite primary key holds NULLs (SQLite allows them there): copied once, on both paths', async () => {
    const s = await shaped(
      ['CREATE TABLE pairs (a TEXT, b TEXT, v INTEGER, PRIMARY KEY (a, b))'],
      ["INSERT INTO pairs VALUES ('x', NULL, 1), ('x', 'y', 2), (NULL, NULL, 3), (NULL, 'q', 4), ('z', 'w', 5)"],
      ["DELETE FROM pairs WHERE a IS NOT 'z'"],
    );
    const attached = await runAction(copyRowsAction, { table: 'pairs', from: s.snap, batch_size: 2 }, makeContext(s.target));
    expect(attached.outputs).toMatchObject({ strategy: 'primary-key', candidates: 5, copied: 4, skipped_existing: 1 });
    const again = await runAction(copyRowsAction, { table: 'pairs', from: s.snap, batch_size: 2 }, makeContext(s.target));
    expect(again.outputs).toMatchObject({ candidates: 5, copied: 0, skipped_existing: 5 });
    await withDb(s.db, (c) => c.execute("DELETE FROM pairs WHERE a IS NOT 'z'"));
    const ctx = makeContext(s.target, { restored: { engine: 'libsql', url: `file:${s.snap}` } });
    try {
      const two = await runAction(copyRowsAction, { table: 'pairs', batch_size: 2 }, ctx);
      expect(two.outputs).toMatchObject({ candidates: 5, copied: 4, skipped_existing: 1 });
      const twoAgain = await runAction(copyRowsAction, { table: 'pairs', batch_size: 2 }, ctx);
      expect(twoAgain.outputs).toMatchObject({ candidates: 5, copied: 0, skipped_existing: 5 });
    } finally {
      await ctx.close();
    }
    expect(await scalar(s.db, 'SELECT count(*) FROM pairs')).toBe(5);
  });

  it('a rowid table with no declared key: the deleted rows come back as a multiset, later rows kept, a second run inserts nothing', async () => {
    const s = await shaped(
      ['CREATE TABLE history (account INTEGER, delta REAL, note TEXT)'],
      [
        "INSERT INTO history VALUES (1, 10.5, 'a'), (1, 10.5, 'a'), (1, 10.5, 'a'), (2, -3.25, NULL), (2, -3.25, NULL), (3, 0.1, 'c')",
      ],
      // Two of the three duplicates and both rows with a NULL are deleted; a duplicate of a
      // surviving row is written after the snapshot and must stay.
      ['DELETE FROM history WHERE rowid IN (1, 2, 4, 5)', "INSERT INTO history VALUES (3, 0.1, 'c')"],
    );
    const ctx = makeContext(s.target);
    const out = await runAction(copyRowsAction, { table: 'history', from: s.snap, batch_size: 2 }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'no-key', key_columns: [], candidates: 6, copied: 4, skipped_existing: 2 });
    expect(ctx.logged.join('\n')).toMatch(/no key: rows matched on all columns, as a multiset/);
    expect(await rows(s.db, 'SELECT account, delta, note, count(*) FROM history GROUP BY 1, 2, 3 ORDER BY 1')).toEqual([
      [1, 10.5, 'a', 3],
      [2, -3.25, null, 2],
      [3, 0.1, 'c', 2],
    ]);
    const again = await runAction(copyRowsAction, { table: 'history', from: s.snap }, makeContext(s.target));
    expect(again.outputs).toMatchObject({ copied: 0, skipped_existing: 6 });
    expect(await scalar(s.db, 'SELECT count(*) FROM history')).toBe(7);
  });

  it('a table without a key keeps every value as stored: 1, \'1\', a blob and 1.5 are different rows', async () => {
    const s = await shaped(
      ['CREATE TABLE anything (v, w INTEGER)'],
      ["INSERT INTO anything VALUES (1, 1), ('1', 1), (x'01', 1), (1.5, 1), (1, 1)"],
      ['DELETE FROM anything', "INSERT INTO anything VALUES ('1', 1)"],
    );
    const out = await runAction(copyRowsAction, { table: 'anything', from: s.snap }, makeContext(s.target));
    expect(out.outputs).toMatchObject({ strategy: 'no-key', candidates: 5, copied: 4, skipped_existing: 1 });
    expect(await rows(s.db, 'SELECT typeof(v), count(*) FROM anything GROUP BY 1 ORDER BY 1')).toEqual([
      ['blob', 1],
      ['integer', 2],
      ['real', 1],
      ['text', 1],
    ]);
  });

  it('a table without a key counts without writing when count_only, and refuses overwrite', async () => {
    const s = await shaped(['CREATE TABLE log (msg TEXT)'], ["INSERT INTO log VALUES ('x'), ('x')"], ['DELETE FROM log']);
    const counted = await runAction(copyRowsAction, { table: 'log', from: s.snap, count_only: true }, makeContext(s.target));
    expect(counted.outputs).toMatchObject({ strategy: 'no-key', candidates: 2, copied: 0, skipped_existing: 0 });
    expect(await scalar(s.db, 'SELECT count(*) FROM log')).toBe(0);
    await expect(runAction(copyRowsAction, { table: 'log', from: s.snap, overwrite: true }, makeContext(s.target))).rejects.toThrow(
      /log has no key.*overwrite/,
    );
  });

  it('a STRICT table keyed by a unique NOT NULL column: matched on it', async () => {
    const s = await shaped(
      ['CREATE TABLE codes (code TEXT NOT NULL UNIQUE, label TEXT, nullable_code TEXT UNIQUE) STRICT'],
      ["INSERT INTO codes VALUES ('A', 'alpha', NULL), ('B', 'beta', NULL), ('C', 'gamma', 'c')"],
      ["DELETE FROM codes WHERE code IN ('A', 'C')", "INSERT INTO codes VALUES ('D', 'late', NULL)"],
    );
    const out = await runAction(copyRowsAction, { table: 'codes', from: s.snap }, makeContext(s.target));
    expect(out.outputs).toMatchObject({ strategy: 'unique', key_columns: ['code'], candidates: 3, copied: 2, skipped_existing: 1 });
    expect(await rows(s.db, 'SELECT code FROM codes ORDER BY code')).toEqual([['A'], ['B'], ['C'], ['D']]);
  });

  it('a STRICT table with a primary key: matched on it', async () => {
    const s = await shaped(
      ['CREATE TABLE prices (sku TEXT PRIMARY KEY, cents INTEGER NOT NULL) STRICT'],
      ["INSERT INTO prices VALUES ('x', 1), ('y', 2)"],
      ["DELETE FROM prices WHERE sku = 'x'"],
    );
    const out = await runAction(copyRowsAction, { table: 'prices', from: s.snap }, makeContext(s.target));
    expect(out.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['sku'], key: 'sku', copied: 1, skipped_existing: 1 });
  });
});
