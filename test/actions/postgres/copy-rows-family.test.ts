import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { type PgTestContext, runPg } from './physical-helpers.js';
import { startCopyPair, stopCopyPair } from './copy-pair.js';

/**
 * postgres.copy-rows over a family of tables between two real servers (`copy` the restored
 * copy, `prod` production): the ON DELETE CASCADE tables are found, not named, and copied
 * back parents first, each counted on its own.
 */
let copy: Cluster;
let prod: Cluster;
let ctx: PgTestContext;
let backups: string;

async function onBoth(sql: string): Promise<void> {
  for (const c of [copy, prod]) await queryOnce(c.url(), sql);
}
const rowsOf = (url: string, sql: string) => queryOnce(url, sql);

beforeAll(async () => {
  ({ copy, prod, ctx, backups } = await startCopyPair({ oneConnectionPerDatabase: true }));
});

afterAll(() => stopCopyPair({ copy, prod, ctx, backups }));

describe('postgres.copy-rows: the table and its cascades', () => {
  it('finds a two-level ON DELETE CASCADE and restores all three levels after one DELETE, counted per table', async () => {
    await onBoth(`CREATE TABLE albums (id serial PRIMARY KEY, title text)`);
    await onBoth(`CREATE TABLE tracks (album_id int REFERENCES albums ON DELETE CASCADE, no int, title text, PRIMARY KEY (album_id, no))`);
    // The grandchild has no key at all: matched as a multiset.
    await onBoth(`CREATE TABLE plays (album_id int, no int, played_at timestamptz, FOREIGN KEY (album_id, no) REFERENCES tracks ON DELETE CASCADE)`);
    await onBoth(`INSERT INTO albums (title) SELECT 'a' || g FROM generate_series(1, 20) g`);
    await onBoth(`INSERT INTO tracks SELECT a, n, 't' || n FROM generate_series(1, 20) a, generate_series(1, 4) n`);
    await onBoth(`INSERT INTO plays SELECT a, n, '2026-11-22 03:00+00'::timestamptz + (a * n % 3) * interval '1 h' FROM generate_series(1, 20) a, generate_series(1, 4) n, generate_series(1, 2)`);
    const snapshot = async (url: string) => ({
      albums: await rowsOf(url, 'SELECT * FROM albums ORDER BY id'),
      tracks: await rowsOf(url, 'SELECT * FROM tracks ORDER BY album_id, no'),
      plays: await rowsOf(url, 'SELECT album_id, no, played_at::text, count(*)::int AS n FROM plays GROUP BY 1, 2, 3 ORDER BY 1, 2, 3'),
    });
    // A cascade child created in production after the copy's point in time: nothing of it to copy back.
    await queryOnce(prod.url(), `CREATE TABLE album_tags (album_id int REFERENCES albums ON DELETE CASCADE, tag text)`);
    const before = await snapshot(prod.url());
    await queryOnce(prod.url(), 'DELETE FROM albums WHERE id % 5 = 0');
    expect(await rowsOf(prod.url(), 'SELECT count(*)::int AS n FROM plays')).toEqual([{ n: 16 * 4 * 2 }]);

    const out = await runPg(copyRowsAction, { table: 'albums', batch_size: 7 }, ctx);
    expect(out.outputs).toMatchObject({
      table: 'albums', copied: 4, skipped_existing: 16, tables: 'albums, album_tags, tracks, plays', copied_album_tags: 0,
      copied_albums: 4, copied_tracks: 16, copied_plays: 32, copied_total: 52,
      skipped_existing_tracks: 64, skipped_existing_plays: 128,
      strategy_albums: 'primary-key', strategy_tracks: 'primary-key', strategy_plays: 'no-key',
    });
    expect(ctx.logged).toContain('album_tags: not in the restored copy (created after it): nothing to copy back');
    expect(out.evidence?.map((e) => e.label)).toEqual([
      'rows of albums: matching on (id) (primary-key)',
      'rows of album_tags: no key: rows matched on all columns, as a multiset — ON DELETE CASCADE through album_tags_album_id_fkey → albums',
      'rows of tracks: matching on (album_id, no) (primary-key) — ON DELETE CASCADE through tracks_album_id_fkey → albums',
      'rows of plays: no key: rows matched on all columns, as a multiset — ON DELETE CASCADE through plays_album_id_no_fkey → tracks',
    ]);
    expect(await snapshot(prod.url())).toEqual(before);
    const again = await runPg(copyRowsAction, { table: 'albums' }, ctx);
    expect(again.outputs).toMatchObject({ copied_total: 0, skipped_existing_plays: 160 });
  });

  it('copies only the table with cascade: false, and the also tables in dependency order', async () => {
    await onBoth(`CREATE TABLE owners (id int PRIMARY KEY)`);
    await onBoth(`CREATE TABLE pets (id int PRIMARY KEY, owner_id int REFERENCES owners)`);
    await onBoth(`INSERT INTO owners SELECT generate_series(1, 10)`);
    await onBoth(`INSERT INTO pets SELECT g, g FROM generate_series(1, 10) g`);
    await queryOnce(prod.url(), 'DELETE FROM pets WHERE id > 5');
    await queryOnce(prod.url(), 'DELETE FROM owners WHERE id > 5');
    // Named child first: the plan still copies owners before pets.
    const out = await runPg(copyRowsAction, { table: 'pets', also: 'owners', cascade: 'false' }, ctx);
    expect(out.outputs).toMatchObject({ tables: 'owners, pets', copied: 5, copied_owners: 5, copied_pets: 5 });
    await queryOnce(prod.url(), 'DELETE FROM tracks WHERE album_id = 1');
    const only = await runPg(copyRowsAction, { table: 'albums', cascade: false }, ctx);
    expect(only.outputs).toMatchObject({ tables: 'albums', copied_total: 0 });
    expect(await rowsOf(prod.url(), 'SELECT count(*)::int AS n FROM tracks WHERE album_id = 1')).toEqual([{ n: 0 }]);
  });

  it('does not insert a row whose parent (a foreign key that is not a cascade) production lacks: counted as an orphan, kept aside in the copy', async () => {
    await onBoth(`CREATE TABLE shops (id int PRIMARY KEY)`);
    await onBoth(`CREATE TABLE sales (id int PRIMARY KEY, shop_id int REFERENCES shops, amount int)`);
    // A cascade child of the orphans: its rows never reach production either, and are counted, not lost.
    await onBoth(`CREATE TABLE sale_lines (sale_id int REFERENCES sales ON DELETE CASCADE, qty int)`);
    await onBoth(`INSERT INTO shops SELECT generate_series(1, 10)`);
    await onBoth(`INSERT INTO sales SELECT g, 1 + g % 10, g FROM generate_series(1, 50) g`);
    await onBoth(`INSERT INTO sale_lines SELECT id, q FROM sales, generate_series(1, 2) q`);
    // The incident: sales deleted; later, in production, two shops closed (their remaining sales went first).
    await queryOnce(prod.url(), 'DELETE FROM sales WHERE id > 30');
    await queryOnce(prod.url(), 'DELETE FROM sales WHERE shop_id IN (3, 4)');
    await queryOnce(prod.url(), 'DELETE FROM shops WHERE id IN (3, 4)');
    const out = await runPg(copyRowsAction, { table: 'sales', batch_size: 6 }, ctx);
    // Every sale of shops 3 and 4 (g % 10 = 2 or 3: 10 rows, all gone from production) is an orphan; the other 16 deleted come back.
    expect(out.outputs).toMatchObject({
      tables: 'sales, sale_lines', orphans: 30, orphans_sales: 10, orphans_sale_lines: 20, conflicts: 0, copied: 16, copied_sale_lines: 32,
    });
    expect(ctx.logged.some((l) => /sales: 10 row\(s\) not copied back: their parent in shops \(sales_shop_id_fkey\) is missing in production/.test(l))).toBe(true);
    // The summary adds up: every row of the copy is accounted for, and what each remainder is.
    const summary = 'sales: 50 rows in the copy = 16 copied + 24 already in production + 10 NOT copied (parent row missing in production, set aside in the copy)';
    expect(ctx.logged).toContain(summary);
    expect(out.evidence?.[0]?.actual).toBe(summary.slice('sales: '.length));
    expect(await rowsOf(prod.url(), 'SELECT count(*)::int AS n FROM sales WHERE shop_id IN (3, 4)')).toEqual([{ n: 0 }]);
    expect(await rowsOf(prod.url(), 'SELECT count(*)::int AS n FROM sales')).toEqual([{ n: 40 }]);
    expect(await rowsOf(prod.url(), 'SELECT count(*)::int AS n FROM shops')).toEqual([{ n: 8 }]);
    expect(await rowsOf(copy.url(), 'SELECT count(*)::int AS n FROM pitstop_orphans.sales')).toEqual([{ n: 10 }]);
    expect(await rowsOf(copy.url(), 'SELECT count(*)::int AS n FROM pitstop_orphans.sale_lines')).toEqual([{ n: 20 }]);
    expect(await rowsOf(prod.url(), 'SELECT count(*)::int AS n FROM sale_lines')).toEqual([{ n: 80 }]);
    const again = await runPg(copyRowsAction, { table: 'sales' }, ctx);
    expect(again.outputs).toMatchObject({ copied_total: 0, orphans_sales: 10, orphans_sale_lines: 20 });
  });
});
