import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyPlanAction } from '../../../src/actions/postgres/copy-plan.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { clusterTarget, makePgContext, type PgTestContext, runPg, tempDir } from './physical-helpers.js';

/** postgres.copy-plan on production's catalog only: strategies, cascades found, refusals. */
let prod: Cluster;
let ctx: PgTestContext;
let backups: string;
const sql = (q: string) => queryOnce(prod.url(), q);

beforeAll(async () => {
  prod = await startCluster({ archive: false });
  backups = tempDir('pitstop-backups-');
  ctx = makePgContext(clusterTarget(prod, backups), { oneConnectionPerDatabase: true });
  await sql(`CREATE TABLE items (id int PRIMARY KEY, name text)`);
  await sql(`CREATE TABLE tags (id int PRIMARY KEY)`);
  await sql(`CREATE TABLE item_tags (item_id int REFERENCES items ON DELETE CASCADE, tag_id int REFERENCES tags, PRIMARY KEY (item_id, tag_id))`);
  await sql(`CREATE TABLE tag_votes (item_id int, tag_id int, voter text, FOREIGN KEY (item_id, tag_id) REFERENCES item_tags ON DELETE CASCADE)`);
  await sql(`CREATE TABLE item_notes (id int PRIMARY KEY, item_id int REFERENCES items, note text)`);
  await sql(`CREATE TABLE item_versions (id int PRIMARY KEY, item_id int REFERENCES items ON DELETE CASCADE, previous int REFERENCES item_versions ON DELETE CASCADE)`);
});

afterAll(async () => {
  await ctx?.close();
  await prod?.destroy();
  if (backups) rmSync(backups, { recursive: true, force: true });
});

describe('postgres.copy-plan', () => {
  it('finds the ON DELETE CASCADE tables recursively, parents first, each with its own strategy', async () => {
    const out = await runPg(copyPlanAction, { table: 'items' }, ctx);
    expect(out.outputs).toMatchObject({
      table: 'items', strategy: 'primary-key', key_columns: ['id'], summary: 'matching on (id) (primary-key)',
      tables: 'items, item_tags, item_versions, tag_votes', children: 'item_tags, item_versions, tag_votes',
      strategy_items: 'primary-key', strategy_item_tags: 'primary-key', strategy_tag_votes: 'no-key', strategy_item_versions: 'primary-key',
    });
    // item_notes references items without a cascade and tags is a parent: neither is in the exact list above.
    expect(out.evidence?.map((e) => e.actual)).toContain('tag_votes: no key: rows matched on all columns, as a multiset — ON DELETE CASCADE through tag_votes_item_id_tag_id_fkey → item_tags');
    expect(ctx.logged).toContain('item_tags: matching on (item_id, tag_id) (primary-key) — ON DELETE CASCADE through item_tags_item_id_fkey → items');
  });

  it('plans only the table with cascade: false, and adds the also tables', async () => {
    const out = await runPg(copyPlanAction, { table: 'item_tags', cascade: 'false', also: 'item_notes' }, ctx);
    expect(out.outputs).toMatchObject({ tables: 'item_tags, item_notes', children: '', summary: 'matching on (item_id, tag_id) (primary-key)' });
  });

  it('accepts a table without a key whose columns all compare, json included', async () => {
    await sql(`CREATE TABLE audit (at timestamptz, doc json, tags text[], score float8, who text)`);
    const out = await runPg(copyPlanAction, { table: 'audit' }, ctx);
    expect(out.outputs).toMatchObject({ strategy: 'no-key', key_columns: [], summary: 'no key: rows matched on all columns, as a multiset', tables: 'audit' });
  });

  it('refuses a table without a key that has a column without equality (point), naming it', async () => {
    await sql(`CREATE TABLE sightings (seen_at timestamptz, place point)`);
    await expect(runPg(copyPlanAction, { table: 'sightings' }, ctx)).rejects.toThrow(/sightings cannot be matched: .* column place \(point\) has no equality/);
    // The same table reached as a cascade child refuses its parent's plan.
    await sql(`CREATE TABLE places (id int PRIMARY KEY)`);
    await sql(`CREATE TABLE place_marks (place_id int REFERENCES places ON DELETE CASCADE, doc xml)`);
    await expect(runPg(copyPlanAction, { table: 'places' }, ctx)).rejects.toThrow(/place_marks cannot be matched: .* column doc \(xml\)/);
    expect((await runPg(copyPlanAction, { table: 'places', cascade: false }, ctx)).outputs['tables']).toBe('places');
  });

  it('refuses a table that does not exist', async () => {
    await expect(runPg(copyPlanAction, { table: 'no_such_table' }, ctx)).rejects.toThrow(/table no_such_table does not exist on orquix/);
    await expect(runPg(copyPlanAction, { table: 'items', also: 'missing_too' }, ctx)).rejects.toThrow(/table missing_too does not exist/);
  });
});
