import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { amcheckAction } from '../../../src/actions/postgres/amcheck.js';
import { parseAmcheck, verdictOf } from '../../../src/actions/postgres/amcheck-report.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { corruptRelation, makePgContext, pgTarget, runAction, type PgTestContext } from './server-helpers.js';

const clusters: Cluster[] = [];
const contexts: PgTestContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await Promise.all(clusters.map((c) => c.destroy()));
});

/** A cluster with data checksums and a table of 20k rows, two indexes. */
async function itemsCluster(): Promise<Cluster> {
  const cluster = await startCluster({ archive: false, extraConf: { fsync: 'off' } });
  clusters.push(cluster);
  const url = cluster.url();
  await queryOnce(url, 'CREATE TABLE public.items (id serial PRIMARY KEY, name text NOT NULL, qty int)');
  await queryOnce(url, 'CREATE INDEX items_name_idx ON public.items (name)');
  await queryOnce(url, "INSERT INTO public.items (name, qty) SELECT 'item ' || g, g FROM generate_series(1, 20000) g");
  await queryOnce(url, 'CREATE TABLE public.notes (id int PRIMARY KEY, body text)');
  await queryOnce(url, "INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 100) g");
  return cluster;
}

function check(cluster: Cluster, args: Record<string, unknown> = {}) {
  const ctx = makePgContext(pgTarget(cluster.url()));
  contexts.push(ctx);
  return runAction(amcheckAction, args, ctx);
}

describe('postgres.amcheck on a real cluster with data checksums', () => {
  it('a healthy database is clean', async () => {
    const cluster = await itemsCluster();
    const { outputs, evidence } = await check(cluster);
    expect(outputs['verdict']).toBe('clean');
    expect(outputs['clean']).toBe(true);
    expect(outputs['indexes']).toEqual([]);
    expect(outputs['tables']).toEqual([]);
    expect(outputs['tables_read']).toBe(2);
    expect(outputs['checksums_enabled']).toBe(true);
    expect(evidence?.every((e) => e.pass)).toBe(true);
  });

  it('a damaged heap page: verdict heap naming the table, not a failure; the checksum counter moves', async () => {
    const cluster = await itemsCluster();
    await corruptRelation(cluster, 'public.items', 1);
    const { outputs, evidence } = await check(cluster);
    expect(outputs['verdict']).toBe('heap');
    expect(outputs['heap_damaged']).toBe(true);
    expect(outputs['tables']).toEqual(['public.items']);
    expect(outputs['read_failures']).toEqual([
      { table: 'public.items', error: expect.stringMatching(/invalid page in block 1/), damaged: { relation: 'public.items', kind: 'table', table: 'public.items' } },
    ]);
    expect(outputs['checksum_failures']).toBeGreaterThan(0);
    // The step succeeds: finding damage is its result, which the runbook branches on.
    expect(evidence?.every((e) => e.pass)).toBe(true);
    expect(evidence?.[0]?.actual).toMatch(/^heap \(tables: public\.items/);
  });

  it('a damaged index page alone: verdict indexes-only, naming exactly that index', async () => {
    const cluster = await itemsCluster();
    await corruptRelation(cluster, 'public.items_name_idx', 1);
    const { outputs } = await check(cluster);
    expect(outputs['verdict']).toBe('indexes-only');
    expect(outputs['indexes']).toEqual(['public.items_name_idx']);
    expect(outputs['index_relations']).toEqual([{ schema: 'public', name: 'items_name_idx', table: 'public.items' }]);
    expect(outputs['tables']).toEqual([]);
    expect(outputs['read_failures']).toEqual([]);
  });

  it("an index's damaged metapage fails every read of its intact table (the planner reads it): still indexes-only", async () => {
    const cluster = await itemsCluster();
    await corruptRelation(cluster, 'public.items_name_idx', 0);
    const { outputs } = await check(cluster);
    expect(outputs['read_failures']).toEqual([
      { table: 'public.items', error: expect.stringMatching(/block 0/), damaged: { relation: 'public.items_name_idx', kind: 'index', table: 'public.items' } },
    ]);
    expect(outputs['verdict']).toBe('indexes-only');
    expect(outputs['indexes']).toEqual(['public.items_name_idx']);
    expect(outputs['tables']).toEqual([]);
  });

  it('damaged TOAST pages: verdict heap, reported as the table they belong to', async () => {
    const cluster = await itemsCluster();
    await queryOnce(cluster.url(), 'CREATE TABLE public.docs (id int PRIMARY KEY, body text)');
    await queryOnce(cluster.url(), 'ALTER TABLE public.docs ALTER COLUMN body SET STORAGE EXTERNAL');
    await queryOnce(cluster.url(), "INSERT INTO public.docs SELECT g, string_agg(md5(g::text || i::text), '') FROM generate_series(1, 50) g, generate_series(1, 100) i GROUP BY g");
    const [row] = await queryOnce<{ t: string }>(cluster.url(), "SELECT reltoastrelid::regclass::text AS t FROM pg_class WHERE oid = 'public.docs'::regclass");
    await corruptRelation(cluster, row!.t, 1);
    const { outputs } = await check(cluster);
    expect(outputs['verdict']).toBe('heap');
    expect(outputs['tables']).toEqual(['public.docs']);
  });

  it('the password of the URL reaches pg_amcheck through PGPASSWORD, never its argv, and is not logged', async () => {
    const cluster = await itemsCluster();
    const secret = 'Sup3r-Secret-pw';
    const url = cluster.url().replace('postgres@', `postgres:${secret}@`);
    const ctx = makePgContext(pgTarget(url, { secrets: [secret] }));
    contexts.push(ctx);
    const seen: { argv: string[]; env: Record<string, string> | undefined }[] = [];
    const inner = ctx.commands;
    ctx.commands = { run: (request, c) => (seen.push({ argv: request.argv, env: request.env }), inner.run(request, c)) };
    const { outputs } = await runAction(amcheckAction, {}, ctx);
    expect(outputs['verdict']).toBe('clean');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.argv.join(' ')).not.toContain(secret);
    expect(seen[0]!.env?.['PGPASSWORD']).toBe(secret);
    expect(JSON.stringify([ctx.logged, outputs])).not.toContain(secret);
  });

  it('fail_on_corruption fails the evidence of a damaged database (to validate a restored copy)', async () => {
    const cluster = await itemsCluster();
    await corruptRelation(cluster, 'public.notes', 0);
    const { outputs, evidence } = await check(cluster, { fail_on_corruption: true });
    expect(outputs['verdict']).toBe('heap');
    expect(evidence?.find((e) => !e.pass)?.expected).toBe('clean');
  });

  it('a database it cannot reach is an error, never a verdict', async () => {
    const cluster = await itemsCluster();
    const bad = cluster.url('no_such_database');
    const ctx = makePgContext(pgTarget(bad));
    contexts.push(ctx);
    await expect(runAction(amcheckAction, {}, ctx)).rejects.toThrow(/pg_amcheck could not check database no_such_database/);
  });
});

describe('reading pg_amcheck reports', () => {
  it('sorts headers into heap tables and B-tree indexes, without the database prefix', () => {
    const found = parseAmcheck(
      [
        'heap table "orquix.public.users", block 1, offset 3:',
        '    line pointer to page offset 21 is not maximally aligned',
        'btree index "orquix.public.users_pkey":',
        '    ERROR:  invalid page in block 1 of relation base/16384/16390',
        'btree index "orquix.my.schema.odd.name":',
        '    ERROR:  item order invariant violated',
      ],
      'orquix',
    );
    expect(found.heap).toEqual(['public.users']);
    expect(found.indexes).toEqual(['public.users_pkey', 'my.schema.odd.name']);
    expect(found.problems).toHaveLength(6);
  });

  it('any damaged table makes the verdict heap, even when its indexes fail too', () => {
    expect(verdictOf(['public.items'], ['public.items_pkey'])).toBe('heap');
    expect(verdictOf([], ['public.items_pkey'])).toBe('indexes-only');
    expect(verdictOf([], [])).toBe('clean');
  });
});
