import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreSnapshotAction } from '../../../src/actions/libsql/restore-snapshot.js';
import { salvageAction } from '../../../src/actions/libsql/salvage.js';
import { snapshotAction } from '../../../src/actions/libsql/snapshot.js';
import { copyDbFile, garblePage, ids, leafPages, libsqlTarget, makeContext, runAction, scalar, tempDir, withDb } from './helpers.js';
import { otherSchemaDb } from './other-schema.js';

describe('libsql.salvage: every table of the damaged file, in one step', () => {
  it('copies back the newer rows of every table (parents first), and counts the unreadable ones per table', async () => {
    const dir = tempDir();
    const db = join(dir, 'shop.db');
    await otherSchemaDb(db, { customers: 40, orders: 1500 });
    const target = libsqlTarget(db, { name: 'shop', backups: join(dir, 'backups') });
    await runAction(snapshotAction, {}, makeContext(target));
    // After the snapshot: new customers, orders of the new customers (a foreign key the copy-back must respect), audit lines.
    await withDb(db, async (c) => {
      for (let i = 41; i <= 45; i++) await c.execute({ sql: "INSERT INTO customers (id, email, joined_at) VALUES (?, ?, '2026-11-01 00:00:00')", args: [i, `n${i}@example.test`] });
      for (let i = 0; i < 300; i++) {
        await c.execute({ sql: "INSERT INTO orders (customer_id, total_cents, note, placed_at) VALUES (?, 5, ?, '2026-11-02 00:00:00')", args: [41 + (i % 5), `late ${i} ${'y'.repeat(60)}`] });
        await c.execute({ sql: "INSERT INTO audit_log (action, at) VALUES (?, '2026-11-02 00:00:00')", args: [`late ${i}`] });
      }
    });
    const truth = join(dir, 'truth.db');
    await copyDbFile(db, truth);
    const { pages, pageSize } = await leafPages(db, 'orders');
    garblePage(db, pages[pages.length - 3], pageSize);

    const restore = await runAction(restoreSnapshotAction, {}, makeContext(target));
    const kept = restore.outputs['kept'] as string;
    const ctx = makeContext(target);
    const out = (await runAction(salvageAction, { from: kept }, ctx)).outputs as Record<string, any>;

    expect(out['tables']).toBe(4);
    expect(out['copied_customers']).toBe(5);
    expect(out['copied_audit_log']).toBe(300);
    expect(out['lost_audit_log']).toBe(0);
    expect(out['lost_orders']).toBeGreaterThan(5);
    expect(out['copied_orders'] + out['lost_orders']).toBe(300);
    expect(out['lost']).toBe(out['lost_orders']);
    expect(out['copied']).toBe(5 + 300 + out['copied_orders']);
    expect(out['lost_tables']).toEqual(['orders']);
    expect(out['unsalvaged']).toEqual([]);

    const now = await ids(db, 'orders');
    const before = await ids(truth, 'orders');
    expect(before.length - now.length).toBe(out['lost_orders']);
    expect(await scalar(db, 'SELECT count(*) FROM customers')).toBe(45);
    expect(await scalar(db, 'SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL')).toBe(0);
  });

  it('does not count as lost the unreadable rows the backup already brought back', async () => {
    const dir = tempDir();
    const db = join(dir, 'shop.db');
    await otherSchemaDb(db, { customers: 10, orders: 1500 });
    const target = libsqlTarget(db, { name: 'shop', backups: join(dir, 'backups') });
    await runAction(snapshotAction, {}, makeContext(target));
    await withDb(db, async (c) => {
      for (let i = 0; i < 50; i++) await c.execute({ sql: "INSERT INTO orders (customer_id, total_cents, placed_at) VALUES (1, 5, '2026-11-02 00:00:00')", args: [] });
    });
    // A page of old orders, every one of them in the snapshot.
    const { pages, pageSize } = await leafPages(db, 'orders');
    garblePage(db, pages[Math.floor(pages.length / 2)], pageSize);
    const kept = (await runAction(restoreSnapshotAction, {}, makeContext(target))).outputs['kept'] as string;
    const out = (await runAction(salvageAction, { from: kept }, makeContext(target))).outputs;
    expect(out).toMatchObject({ copied_orders: 50, lost_orders: 0, lost: 0, lost_tables: [] });
    expect(await scalar(db, 'SELECT count(*) FROM orders')).toBe(1550);
  });

  it('salvages a composite-key table and a keyless one (as a multiset), and a child after the parent its foreign key needs', async () => {
    const dir = tempDir();
    const db = join(dir, 'shop.db');
    const old = join(dir, 'old.db');
    await withDb(db, async (c) => {
      // declared child first: only the foreign key can put the parent first
      await c.execute('CREATE TABLE a_lines (box_id INTEGER NOT NULL REFERENCES z_boxes (id), line INTEGER NOT NULL, PRIMARY KEY (box_id, line)) WITHOUT ROWID');
      await c.execute('CREATE TABLE z_boxes (id INTEGER PRIMARY KEY, label TEXT)');
      await c.execute('CREATE TABLE events (what TEXT, n INTEGER)');
      await c.execute("INSERT INTO z_boxes VALUES (1, 'old')");
      await c.execute('INSERT INTO a_lines VALUES (1, 1)');
      await c.execute("INSERT INTO events VALUES ('same', 1), ('same', 1)");
    });
    await copyDbFile(db, old);
    await withDb(old, async (c) => {
      await c.execute("INSERT INTO z_boxes VALUES (2, 'only in the old file')");
      await c.execute('INSERT INTO a_lines VALUES (2, 1), (2, 2), (1, 2)');
      await c.execute("INSERT INTO events VALUES ('same', 1), ('only in the old file', NULL)");
    });
    const ctx = makeContext(libsqlTarget(db, { name: 'shop' }));
    const out = (await runAction(salvageAction, { from: old }, ctx)).outputs;
    expect(out).toMatchObject({ unsalvaged: [], unsalvaged_count: 0, copied_z_boxes: 1, copied_a_lines: 3, copied_events: 2, orphans: 0, tables: 3 });
    expect(ctx.logged.join('\n')).toMatch(/a_lines: matching on \(box_id, line\)/);
    expect(ctx.logged.join('\n')).toMatch(/events: no key: rows matched on all columns, as a multiset/);
    expect(await scalar(db, 'SELECT count(*) FROM a_lines')).toBe(4);
    expect(await scalar(db, "SELECT count(*) FROM events WHERE what = 'same'")).toBe(3);
    // a second salvage finds nothing more
    const again = (await runAction(salvageAction, { from: old }, makeContext(libsqlTarget(db, { name: 'shop' })))).outputs;
    expect(again).toMatchObject({ copied: 0, unsalvaged: [] });
  });
});
