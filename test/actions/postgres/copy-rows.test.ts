import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { clusterTarget, makePgContext, type PgTestContext, runPg, tempDir } from './physical-helpers.js';

/**
 * postgres.copy-rows between two real servers: `copy` plays the restored copy, `prod`
 * production. Odd table name, identity column, values of many types, a row edited in
 * production since, a column production gained since.
 */
let copy: Cluster;
let prod: Cluster;
let ctx: PgTestContext;
let backups: string;
const TABLE = 'Event "Log"';
const T = '"Event ""Log"""';

const schema = `CREATE TABLE ${T} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text UNIQUE,
  payload jsonb, at timestamptz, amount numeric(20, 6), ratio float8, blob bytea, tags text[], note text)`;
const fill = `INSERT INTO ${T} (email, payload, at, amount, ratio, blob, tags, note)
  SELECT 'u' || g || '@x.org', jsonb_build_object('g', g, 'é', 'ü'), '2026-11-22 03:10:00.123456+00'::timestamptz + g * interval '1 microsecond',
         g * 1.000001, 1.0 / g, decode(lpad(to_hex(g), 8, '0'), 'hex'), ARRAY['a''b', 'c,d', NULL], CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END
  FROM generate_series(1, 5000) g`;

beforeAll(async () => {
  [copy, prod] = await Promise.all([startCluster({ archive: false }), startCluster({ archive: false })]);
  for (const c of [copy, prod]) {
    await queryOnce(c.url(), schema);
    await queryOnce(c.url(), fill);
  }
  // Production since the copy: rows deleted, one edited, a column added by a migration.
  await queryOnce(prod.url(), `DELETE FROM ${T} WHERE id % 10 = 0`);
  await queryOnce(prod.url(), `UPDATE ${T} SET note = 'edited since' WHERE id = 11`);
  await queryOnce(prod.url(), `ALTER TABLE ${T} ADD COLUMN source text NOT NULL DEFAULT 'app'`);
  backups = tempDir('pitstop-backups-');
  ctx = makePgContext(clusterTarget(prod, backups));
  ctx.restored = { engine: 'postgres', url: copy.url() };
});

afterAll(async () => {
  await ctx?.close();
  await Promise.all([copy?.destroy(), prod?.destroy()]);
  if (backups) rmSync(backups, { recursive: true, force: true });
});

const sameRows = `SELECT id, email, payload::text, at::text, amount::text, ratio::text, blob::text, tags::text, note FROM ${T} ORDER BY id`;

describe('postgres.copy-rows', () => {
  it('copies back exactly the missing rows, value for value, without touching the others', async () => {
    const out = await runPg(copyRowsAction, { table: TABLE, batch_size: 700 }, ctx);
    expect(out.outputs).toMatchObject({ candidates: 5000, copied: 500, already_present: 4500, conflicts: 0, batches: 8 });
    expect(out.evidence!.every((e) => e.pass)).toBe(true);
    const expected = (await queryOnce(copy.url(), sameRows)).map((r) => (r['id'] === '11' ? { ...r, note: 'edited since' } : r));
    expect(await queryOnce(prod.url(), sameRows)).toEqual(expected);
    expect(await queryOnce(prod.url(), `SELECT DISTINCT source FROM ${T}`)).toEqual([{ source: 'app' }]);
  });

  it('copies nothing twice when run again, and new rows do not collide with copied keys', async () => {
    const out = await runPg(copyRowsAction, { table: TABLE }, ctx);
    expect(out.outputs).toMatchObject({ copied: 0, already_present: 5000 });
    const [row] = await queryOnce<{ id: string }>(prod.url(), `INSERT INTO ${T} (email) VALUES ('new@x.org') RETURNING id`);
    expect(Number(row!.id)).toBeGreaterThan(5000);
  });

  it('counts a row that collides on another unique column as a conflict, and fails the evidence', async () => {
    await queryOnce(copy.url(), `INSERT INTO ${T} (id, email) OVERRIDING SYSTEM VALUE VALUES (90001, 'new@x.org')`);
    const out = await runPg(copyRowsAction, { table: TABLE }, ctx);
    expect(out.outputs).toMatchObject({ copied: 0, conflicts: 1 });
    expect(out.evidence![0]!.pass).toBe(false);
  });

  it('refuses a key that is not a column on both sides', async () => {
    await expect(runPg(copyRowsAction, { table: TABLE, key: 'source' }, ctx)).rejects.toThrow(/not in .* on both sides/);
  });
});

const hasVector = existsSync(join(execFileSync('pg_config', ['--sharedir'], { encoding: 'utf8' }).trim(), 'extension', 'vector.control'));

describe('postgres.copy-rows with indexes rebuilt after the copy', () => {
  async function indexedTable(ext: string, type: string, using: string, value: string, opclass = ''): Promise<string> {
    for (const c of [copy, prod]) {
      await queryOnce(c.url(), `CREATE EXTENSION IF NOT EXISTS ${ext}`);
      await queryOnce(c.url(), `CREATE TABLE shapes_${ext} (id int PRIMARY KEY, s ${type})`);
      await queryOnce(c.url(), `CREATE INDEX shapes_${ext}_s ON shapes_${ext} USING ${using} (s${opclass ? ` ${opclass}` : ''})`);
      await queryOnce(c.url(), `INSERT INTO shapes_${ext} SELECT g, ${value} FROM generate_series(1, 3000) g`);
    }
    await queryOnce(prod.url(), `DELETE FROM shapes_${ext} WHERE id > 1000`);
    return `shapes_${ext}`;
  }

  it('drops the GiST index (cube) for the copy and rebuilds it identically', async () => {
    const table = await indexedTable('cube', 'cube', 'gist', 'cube(array[g, g * 2, g % 7])');
    const [before] = await queryOnce(prod.url(), `SELECT pg_get_indexdef('shapes_cube_s'::regclass) AS def`);
    const out = await runPg(copyRowsAction, { table, rebuild_indexes: 'gist', maintenance_work_mem: '64MB' }, ctx);
    expect(out.outputs).toMatchObject({ copied: 2000, already_present: 1000 });
    expect(await queryOnce(prod.url(), `SELECT pg_get_indexdef('shapes_cube_s'::regclass) AS def`)).toEqual([before]);
    expect(ctx.logged.some((l) => l.includes('rebuilt after with: CREATE INDEX shapes_cube_s'))).toBe(true);
    expect(await queryOnce(prod.url(), `SELECT count(*)::int AS n FROM ${table} WHERE s @> cube(array[2000, 4000, 5])`)).toEqual([{ n: 1 }]);
  });

  it('refuses a malformed maintenance_work_mem before touching any index', () => {
    expect(() => copyRowsAction.args.parse({ table: 't', maintenance_work_mem: "1GB'; DROP TABLE x; --" })).toThrow(/a size like 512MB/);
  });

  it.skipIf(!hasVector)('drops and rebuilds an HNSW index (pgvector)', async () => {
    // pgvector has no default operator class for HNSW: the distance is part of the index.
    const table = await indexedTable('vector', 'vector(3)', 'hnsw', "('[' || g || ',' || g * 2 || ',1]')::vector", 'vector_l2_ops');
    const out = await runPg(copyRowsAction, { table, rebuild_indexes: 'hnsw,ivfflat' }, ctx);
    expect(out.outputs).toMatchObject({ copied: 2000 });
    expect(await queryOnce(prod.url(), `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'shapes_vector_s'`)).toEqual([{ n: 1 }]);
  });
});
