import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amcheckAction } from '../../../src/actions/postgres/amcheck.js';
import { reindexAction } from '../../../src/actions/postgres/reindex.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { corruptRelation, makePgContext, pgTarget, runAction, type PgTestContext } from './server-helpers.js';

let cluster: Cluster;
const contexts: PgTestContext[] = [];
beforeAll(async () => {
  cluster = await startCluster({ archive: false, extraConf: { fsync: 'off' } });
  const url = cluster.url();
  await queryOnce(url, 'CREATE SCHEMA "Odd Schema"');
  await queryOnce(url, 'CREATE TABLE "Odd Schema".items (id serial PRIMARY KEY, name text NOT NULL)');
  await queryOnce(url, 'CREATE INDEX "Name Idx" ON "Odd Schema".items (name)');
  await queryOnce(url, `INSERT INTO "Odd Schema".items (name) SELECT 'item ' || g FROM generate_series(1, 20000) g`);
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await cluster?.destroy();
});

function context(): PgTestContext {
  const ctx = makePgContext(pgTarget(cluster.url()));
  contexts.push(ctx);
  return ctx;
}

const filenode = async (index: string): Promise<string> =>
  String((await queryOnce<{ f: string }>(cluster.url(), 'SELECT pg_relation_filenode($1::regclass)::text AS f', [index]))[0]!.f);

describe('postgres.reindex', () => {
  it('an unknown name: refused before anything is rebuilt', async () => {
    const before = await filenode('"Odd Schema"."Name Idx"');
    await expect(
      runAction(reindexAction, { indexes: [{ schema: 'Odd Schema', name: 'Name Idx' }, 'public.no_such_idx'] }, context()),
    ).rejects.toThrow(/not an index in orquix: public\.no_such_idx; nothing was rebuilt/);
    expect(await filenode('"Odd Schema"."Name Idx"')).toBe(before);
  });

  it('the REINDEX path: a damaged index is named by amcheck, rebuilt (quoted names), proven clean, rows untouched', async () => {
    await corruptRelation(cluster, '"Odd Schema"."Name Idx"', 1);
    const scope = await runAction(amcheckAction, {}, context());
    expect(scope.outputs['verdict']).toBe('indexes-only');
    expect(scope.outputs['indexes']).toEqual(['Odd Schema.Name Idx']);

    const pkeyBefore = await filenode('"Odd Schema".items_pkey');
    const damagedBefore = await filenode('"Odd Schema"."Name Idx"');
    const done = await runAction(reindexAction, { indexes: scope.outputs['index_relations'] }, context());
    expect(done.outputs['reindexed']).toEqual(['Odd Schema.Name Idx']);
    expect(done.evidence?.map((e) => e.pass)).toEqual([true]);
    // Exactly the named index was rebuilt: it has a new file; the primary key kept its own.
    expect(await filenode('"Odd Schema"."Name Idx"')).not.toBe(damagedBefore);
    expect(await filenode('"Odd Schema".items_pkey')).toBe(pkeyBefore);

    const after = await runAction(amcheckAction, {}, context());
    expect(after.outputs['verdict']).toBe('clean');
    const [row] = await queryOnce<{ n: string }>(cluster.url(), `SELECT count(*) AS n FROM "Odd Schema".items WHERE name LIKE 'item %'`);
    expect(Number(row!.n)).toBe(20000);
  });

  it('asks for a typed gate: it writes to production', () => {
    expect(reindexAction.destructive).toBe(true);
    expect(reindexAction.describe({ indexes: [{ schema: 'Odd Schema', name: 'Name Idx' }] }, { name: 'orquix', engine: 'postgres' })[0]).toBe(
      'REINDEX INDEX "Odd Schema"."Name Idx"   (on orquix)',
    );
  });
});
