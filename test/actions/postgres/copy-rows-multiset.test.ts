import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { type PgTestContext, runPg } from './physical-helpers.js';
import { startCopyPair, stopCopyPair } from './copy-pair.js';

/**
 * postgres.copy-rows on a table without any key, between two real servers (`copy` the
 * restored copy, `prod` production): each side is read once, in the byte order of each row's
 * text, and merged. The rows are chosen to break a merge whose two orders disagree: accents
 * and capitals (a linguistic collation orders them differently from bytes), a character of
 * U+E000–U+FFFF and an emoji (UTF-16 code units order these two the other way round from
 * UTF-8 bytes), and production's sessions print timestamps and floats differently.
 */
let copy: Cluster;
let prod: Cluster;
let ctx: PgTestContext;
let backups: string;

beforeAll(async () => {
  ({ copy, prod, ctx, backups } = await startCopyPair());
});

afterAll(() => stopCopyPair({ copy, prod, ctx, backups }));

const LABELS = ['e', 'E', 'é', 'f', 'ﬁ', '😀', 'z', 'Zoë'];

/** Every row of the table with its count, in a form both servers print alike. */
const multiset = `SELECT extract(epoch FROM at)::text AS at, encode(float8send(amount), 'hex') AS amount, label, doc::text AS doc, count(*)::int AS n
                    FROM ledger GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, label COLLATE "C", 4`;

describe('postgres.copy-rows without a key: both sides read once and merged', () => {
  it('restores the multiset over many batches, duplicates crossing batch boundaries, whatever the sessions print', async () => {
    for (const c of [copy, prod]) {
      await queryOnce(c.url(), `CREATE TABLE ledger (at timestamptz, amount float8, label text, doc json)`);
      // 48 distinct rows, row g present 1 + g % 4 times; some labels NULL, json kept as written.
      await queryOnce(c.url(), `INSERT INTO ledger
        SELECT '2026-11-22 03:00:00+00'::timestamptz + (g / 8) * interval '1 minute', g * 0.1,
               CASE WHEN g % 9 = 0 THEN NULL ELSE ($1::text[])[1 + g % 8] || (g / 16)::text END,
               ('{"g": ' || g || ',  "tags": ["a", "b"]}')::json
          FROM generate_series(1, 48) g, generate_series(0, 3) copies WHERE copies <= g % 4`, [LABELS]);
    }
    const total = await countOf(copy, 'SELECT count(*) AS n FROM ledger');
    // Production: one of each duplicated row gone, every copy of some rows gone, and since
    // then a row written twice more than the copy has it (kept: a surplus there is not ours).
    await queryOnce(prod.url(), `DELETE FROM ledger WHERE ctid IN (SELECT DISTINCT ON (doc::text) ctid FROM ledger WHERE (doc->>'g')::int % 4 > 0 ORDER BY doc::text)`);
    await queryOnce(prod.url(), `DELETE FROM ledger WHERE (doc->>'g')::int % 5 = 0`);
    await queryOnce(prod.url(), `INSERT INTO ledger SELECT l.* FROM ledger l, generate_series(1, 2) WHERE (doc->>'g')::int = 1`);
    const left = await countOf(prod, 'SELECT count(*) AS n FROM ledger');
    const expected = (await queryOnce(copy.url(), multiset)).map((r) => (String(r['doc']).includes('"g": 1,') ? { ...r, n: 3 } : r));

    await queryOnce(prod.url(), `ALTER DATABASE postgres SET timezone = 'America/St_Johns'`);
    await queryOnce(prod.url(), `ALTER DATABASE postgres SET extra_float_digits = 0`);
    try {
      const out = await runPg(copyRowsAction, { table: 'ledger', batch_size: 5 }, ctx);
      const restoredRows = total - left + 1;
      expect(out.outputs).toMatchObject({ strategy: 'no-key', candidates: total, copied: restoredRows, already_present: total - restoredRows, conflicts: 0 });
      expect(Number(out.outputs['batches'])).toBeGreaterThan(2);
      expect(await queryOnce(prod.url(), multiset)).toEqual(expected);
      const again = await runPg(copyRowsAction, { table: 'ledger', batch_size: 5 }, ctx);
      expect(again.outputs).toMatchObject({ copied: 0, already_present: total, conflicts: 0 });
      expect(await countOf(prod, 'SELECT count(*) AS n FROM ledger')).toBe(total + 1);
    } finally {
      await queryOnce(prod.url(), 'ALTER DATABASE postgres RESET timezone');
      await queryOnce(prod.url(), 'ALTER DATABASE postgres RESET extra_float_digits');
    }
  });

  it('merges tables read in several fetches (megabytes of distinct rows)', async () => {
    for (const c of [copy, prod]) {
      await queryOnce(c.url(), 'CREATE TABLE readings (sensor text, v int)');
      await queryOnce(c.url(), `INSERT INTO readings SELECT 'é-' || (g % 23000) || repeat('x', 200), g % 23000 FROM generate_series(1, 25000) g`);
    }
    await queryOnce(prod.url(), 'DELETE FROM readings WHERE ctid IN (SELECT ctid FROM readings WHERE v % 7 = 0 LIMIT 3000)');
    const out = await runPg(copyRowsAction, { table: 'readings' }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'no-key', candidates: 25_000, copied: 3000, already_present: 22_000, conflicts: 0 });
    const digest = `SELECT md5(string_agg(sensor || ':' || v || ':' || n, ',' ORDER BY sensor COLLATE "C", v)) AS d
                      FROM (SELECT sensor, v, count(*) AS n FROM readings GROUP BY 1, 2) x`;
    expect(await queryOnce(prod.url(), digest)).toEqual(await queryOnce(copy.url(), digest));
  });

  it('stops with the reason, inserting nothing, when the copy holds text that is not UTF-8 (a SQL_ASCII database)', async () => {
    await queryOnce(copy.url(), `CREATE DATABASE legacy ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
    await queryOnce(copy.url('legacy'), 'CREATE TABLE notes (body text)');
    // Byte 0x80 alone is no UTF-8: merged as anything else, it would break the byte order.
    await queryOnce(copy.url('legacy'), `INSERT INTO notes VALUES (convert_from('\\x80'::bytea, 'SQL_ASCII')), ('é')`);
    await queryOnce(prod.url(), 'CREATE TABLE notes (body text)');
    const restored = ctx.restored;
    ctx.restored = { engine: 'postgres', url: copy.url('legacy') };
    try {
      await expect(runPg(copyRowsAction, { table: 'notes' }, ctx)).rejects.toThrow(/^restored: reading notes: invalid byte sequence/);
    } finally {
      ctx.restored = restored;
    }
    expect(await countOf(prod, 'SELECT count(*) AS n FROM notes')).toBe(0);
  });
});

async function countOf(cluster: Cluster, sql: string): Promise<number> {
  return Number((await queryOnce<{ n: string }>(cluster.url(), sql))[0]!.n);
}
