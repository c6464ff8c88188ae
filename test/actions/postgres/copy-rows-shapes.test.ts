import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { type PgTestContext, runPg } from './physical-helpers.js';
import { startCopyPair, stopCopyPair } from './copy-pair.js';

/**
 * postgres.copy-rows without `key:` between two real servers (`copy` the restored copy,
 * `prod` production): the key is found from the catalog, composite or unique, and a table
 * without any key is copied back as a multiset.
 */
let copy: Cluster;
let prod: Cluster;
let ctx: PgTestContext;
let backups: string;

async function onBoth(sql: string): Promise<void> {
  for (const c of [copy, prod]) await queryOnce(c.url(), sql);
}

beforeAll(async () => {
  ({ copy, prod, ctx, backups } = await startCopyPair({ oneConnectionPerDatabase: true }));
});

afterAll(() => stopCopyPair({ copy, prod, ctx, backups }));

const countOf = async (url: string, sql: string): Promise<number> => Number((await queryOnce<{ n: string }>(url, sql))[0]!.n);

describe('postgres.copy-rows: key strategy found from the table', () => {
  it('copies a table without any key back as a multiset (pgbench_history-like, exact duplicates)', async () => {
    await onBoth(`CREATE TABLE history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))`);
    // Every row three times over, one column NULL in some of them: duplicates are real rows.
    await onBoth(`INSERT INTO history SELECT g % 7, 1, g, g * 10, '2026-11-22 03:00'::timestamp + g * interval '1 s', CASE WHEN g % 4 = 0 THEN NULL ELSE 'f' END
                  FROM generate_series(1, 300) g, generate_series(1, 3)`);
    // Production since: one copy of each of some rows deleted, all copies of others, and a new row written.
    await queryOnce(prod.url(), `DELETE FROM history WHERE ctid IN (SELECT DISTINCT ON (aid) ctid FROM history WHERE aid % 5 = 0 ORDER BY aid)`);
    await queryOnce(prod.url(), `DELETE FROM history WHERE aid % 11 = 0`);
    await queryOnce(prod.url(), `INSERT INTO history VALUES (1, 1, 1, 10, '2026-11-22 03:00:01', 'f')`);
    const deleted = 60 + 27 * 3 - 5; // one of each aid%5 (60), then all of aid%11 (27 x 3) less the 5 aid%55 rows already gone
    const out = await runPg(copyRowsAction, { table: 'history', batch_size: 50 }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'no-key', key_columns: [], candidates: 900, copied: deleted, already_present: 900 - deleted, conflicts: 0 });
    expect(ctx.logged.some((l) => l.includes('no key: rows matched on all columns, as a multiset'))).toBe(true);
    const multiset = `SELECT tid, bid, aid, delta, mtime::text, filler, count(*)::int AS n FROM history GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
    const expected = (await queryOnce(copy.url(), multiset)).map((r) => (r['aid'] === 1 ? { ...r, n: 4 } : r));
    expect(await queryOnce(prod.url(), multiset)).toEqual(expected);
    const again = await runPg(copyRowsAction, { table: 'history', batch_size: 50 }, ctx);
    expect(again.outputs).toMatchObject({ strategy: 'no-key', copied: 0, already_present: 900 });
    expect(await countOf(prod.url(), 'SELECT count(*) AS n FROM history')).toBe(901);
  });

  it('matches a join table on its composite primary key and never overwrites', async () => {
    await onBoth(`CREATE TABLE item_tags (item_id int, tag_id int, note text, PRIMARY KEY (item_id, tag_id))`);
    await onBoth(`INSERT INTO item_tags SELECT i, t, 'n' || i || '-' || t FROM generate_series(1, 40) i, generate_series(1, 5) t`);
    await queryOnce(prod.url(), `DELETE FROM item_tags WHERE item_id % 4 = 0 OR tag_id = 5`);
    await queryOnce(prod.url(), `UPDATE item_tags SET note = 'edited since' WHERE item_id = 1 AND tag_id = 1`);
    const out = await runPg(copyRowsAction, { table: 'item_tags', batch_size: 7 }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['item_id', 'tag_id'], candidates: 200, copied: 200 - 30 * 4, already_present: 120, skipped_existing: 120, conflicts: 0 });
    expect(ctx.logged.some((l) => l.includes('matching on (item_id, tag_id)'))).toBe(true);
    expect(await countOf(prod.url(), 'SELECT count(*) AS n FROM item_tags')).toBe(200);
    expect(await queryOnce(prod.url(), 'SELECT note FROM item_tags WHERE item_id = 1 AND tag_id = 1')).toEqual([{ note: 'edited since' }]);
    expect((await runPg(copyRowsAction, { table: 'item_tags' }, ctx)).outputs).toMatchObject({ copied: 0, already_present: 200 });
  });

  it('matches on a unique NOT NULL key when there is no primary key (not on a nullable unique column)', async () => {
    await onBoth(`CREATE TABLE accounts (email text UNIQUE, code text NOT NULL, region text NOT NULL, v int, UNIQUE (code, region))`);
    await onBoth(`INSERT INTO accounts SELECT CASE WHEN g % 2 = 0 THEN 'u' || g END, 'c' || g, 'eu', g FROM generate_series(1, 30) g`);
    await queryOnce(prod.url(), `DELETE FROM accounts WHERE v > 20`);
    const out = await runPg(copyRowsAction, { table: 'accounts' }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'unique', key_columns: ['code', 'region'], copied: 10, already_present: 20 });
    expect(await countOf(prod.url(), 'SELECT count(*) AS n FROM accounts')).toBe(30);
  });

  it('inserts identity ALWAYS values as they were and leaves generated columns to the database', async () => {
    await onBoth(`CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, qty int, price numeric, total numeric GENERATED ALWAYS AS (qty * price) STORED)`);
    await onBoth(`INSERT INTO orders (qty, price) SELECT g, 1.5 FROM generate_series(1, 20) g`);
    await queryOnce(prod.url(), `DELETE FROM orders WHERE id BETWEEN 5 AND 9`);
    const out = await runPg(copyRowsAction, { table: 'orders' }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['id'], copied: 5 });
    expect(await queryOnce(prod.url(), 'SELECT id, total::text FROM orders WHERE id = 7')).toEqual([{ id: 7, total: '10.5' }]);
    const [row] = await queryOnce<{ id: number }>(prod.url(), 'INSERT INTO orders (qty, price) VALUES (1, 1) RETURNING id');
    expect(row!.id).toBeGreaterThan(20);
  });

  it('copies tables whose columns are named like the aliases of its queries (b, g, s, n, r, x)', async () => {
    await onBoth(`CREATE TABLE short_names (b int, g int, s text, n int, r int, x int, PRIMARY KEY (b, g))`);
    await onBoth(`CREATE TABLE short_names_log (b int, g int, s text, n int, r int, x int)`);
    for (const table of ['short_names', 'short_names_log']) {
      await onBoth(`INSERT INTO ${table} SELECT i, i % 3, 's', i, i, i FROM generate_series(1, 30) i`);
      await queryOnce(prod.url(), `DELETE FROM ${table} WHERE b > 10`);
      const out = await runPg(copyRowsAction, { table, batch_size: 4 }, ctx);
      expect(out.outputs).toMatchObject({ copied: 20, already_present: 10, conflicts: 0 });
    }
  });

  it('keeps the named single key when key: is given', async () => {
    const out = await runPg(copyRowsAction, { table: 'orders', key: 'id' }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'primary-key', key: 'id', key_columns: ['id'], copied: 0 });
  });
});
