import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyPlanAction } from '../../../src/actions/libsql/copy-plan.js';
import { libsqlTarget, makeContext, runAction, tempDir, withDb } from './helpers.js';

/** A production file with a three-level cascade, a cycle, a self-reference and tables of every shape. */
async function production(): Promise<string> {
  const db = join(tempDir(), 'prod.db');
  await withDb(db, async (c) => {
    for (const sql of [
      // children are declared before their parents, so that only the foreign keys give the order
      'CREATE TABLE tag_notes (item_id INTEGER NOT NULL, tag_id TEXT NOT NULL, note TEXT, FOREIGN KEY (item_id, tag_id) REFERENCES item_tags (item_id, tag_id) ON DELETE CASCADE)',
      'CREATE TABLE item_tags (item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE, tag_id TEXT NOT NULL, PRIMARY KEY (item_id, tag_id)) WITHOUT ROWID',
      'CREATE TABLE items (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES items (id) ON DELETE CASCADE, owner TEXT REFERENCES owners (name))',
      'CREATE TABLE owners (name TEXT PRIMARY KEY)',
      // refers to items, but not ON DELETE CASCADE: not part of the family
      'CREATE TABLE item_views (item_id INTEGER REFERENCES items (id) ON DELETE SET NULL, at TEXT)',
      // a cycle back to items through a cascade
      'CREATE TABLE loops (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES ITEMS (id) ON DELETE CASCADE)',
      'CREATE TABLE history (account INTEGER, delta REAL)',
      'CREATE TABLE codes (code TEXT NOT NULL UNIQUE, label TEXT) STRICT',
    ]) {
      await c.execute(sql);
    }
  });
  return db;
}

describe('libsql.copy-plan', () => {
  it('finds the ON DELETE CASCADE family recursively, parents first, each with its strategy; also tables join it', async () => {
    const db = await production();
    const ctx = makeContext(libsqlTarget(db));
    const out = await runAction(copyPlanAction, { table: 'items', also: 'history, codes' }, ctx);
    expect(out.outputs).toMatchObject({
      strategy: 'primary-key',
      key_columns: ['id'],
      summary: 'matching on (id) (primary-key)',
      children: 'item_tags,loops,tag_notes',
      strategy_items: 'primary-key',
      strategy_item_tags: 'primary-key',
      strategy_tag_notes: 'no-key',
      strategy_loops: 'primary-key',
      strategy_history: 'no-key',
      strategy_codes: 'unique',
    });
    const order = String(out.outputs['tables']).split(',');
    expect(order.sort()).toEqual(['codes', 'history', 'item_tags', 'items', 'loops', 'tag_notes']);
    const at = (t: string) => String(out.outputs['tables']).split(',').indexOf(t);
    expect(at('items')).toBeLessThan(at('item_tags'));
    expect(at('item_tags')).toBeLessThan(at('tag_notes'));
    expect(at('items')).toBeLessThan(at('loops'));
    expect(out.outputs).not.toHaveProperty('strategy_item_views');
    expect(out.evidence?.map((e) => e.actual)).toContain('no key: rows matched on all columns, as a multiset (NULLs equal, numbers compared exactly)');
    expect(ctx.logged.join('\n')).toMatch(/tag_notes \(ON DELETE CASCADE\): no key/);
  });

  it('a composite key is shown as such; cascade: false plans the table alone', async () => {
    const db = await production();
    const out = await runAction(copyPlanAction, { table: 'item_tags', cascade: false }, makeContext(libsqlTarget(db)));
    expect(out.outputs).toMatchObject({ summary: 'matching on (item_id, tag_id) (primary-key)', key_columns: ['item_id', 'tag_id'], tables: 'item_tags', children: '' });
  });

  it('refuses a table production does not have, naming the ones it has', async () => {
    const db = await production();
    const run = runAction(copyPlanAction, { table: 'itemz' }, makeContext(libsqlTarget(db)));
    await expect(run).rejects.toMatchObject({ name: 'ActionError', message: 'no table itemz in production' });
    await expect(runAction(copyPlanAction, { table: 'items', also: 'nope' }, makeContext(libsqlTarget(db)))).rejects.toThrow(/no table nope/);
  });
});
