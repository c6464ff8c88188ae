import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/libsql/copy-rows.js';
import { copyDbFile, libsqlTarget, makeContext, runAction, scalar, tempDir, withDb } from './helpers.js';

/**
 * customers → orders → order_lines through ON DELETE CASCADE (deleted with foreign keys on),
 * orders → products without a cascade, notes → customers ON DELETE SET NULL (not family).
 */
async function shop() {
  const dir = tempDir();
  const db = join(dir, 'prod.db');
  const snap = join(dir, 'snap.db');
  await withDb(db, async (c) => {
    for (const sql of [
      'CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE, line INTEGER NOT NULL, qty INTEGER, PRIMARY KEY (order_id, line)) WITHOUT ROWID',
      'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE, product_id INTEGER REFERENCES products (id))',
      'CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)',
      'CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT)',
      'CREATE TABLE notes (customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL, body TEXT)',
      "INSERT INTO customers VALUES (1, 'ana'), (2, 'bo'), (3, 'cy')",
      "INSERT INTO products VALUES (1, 'pen'), (2, 'ink')",
      "INSERT INTO notes VALUES (2, 'likes ink')",
    ]) {
      await c.execute(sql);
    }
    for (let i = 1; i <= 6; i++) {
      await c.execute({ sql: 'INSERT INTO orders VALUES (?, ?, ?)', args: [i, (i % 3) + 1, (i % 2) + 1] });
      await c.execute({ sql: 'INSERT INTO order_lines VALUES (?, 1, 10), (?, 2, 20)', args: [i, i] });
    }
  });
  await copyDbFile(db, snap);
  await withDb(db, async (c) => {
    await c.execute('PRAGMA foreign_keys = ON');
    await c.execute('DELETE FROM customers WHERE id = 2'); // orders 1 and 4 and their lines go with it
    await c.execute('PRAGMA foreign_keys = OFF');
    await c.execute('DELETE FROM products WHERE id = 1'); // order 4 referenced it
  });
  expect(await scalar(db, 'SELECT count(*) FROM order_lines')).toBe(8);
  expect(await scalar(db, 'SELECT count(*) FROM notes WHERE customer_id IS NULL')).toBe(1);
  return { db, snap, target: libsqlTarget(db) };
}

describe('libsql.copy-rows copies the ON DELETE CASCADE family back, parents first', () => {
  it('finds the children and grandchildren without naming them; a row whose other parent is gone is counted, not written', async () => {
    const s = await shop();
    const ctx = makeContext(s.target);
    const out = await runAction(copyRowsAction, { table: 'customers', from: s.snap, batch_size: 3 }, ctx);
    expect(out.outputs).toMatchObject({
      tables: 'customers,orders,order_lines',
      copied: 1,
      copied_customers: 1,
      copied_orders: 1,
      orphans_orders: 1,
      copied_order_lines: 2,
      orphans_order_lines: 2,
      skipped_existing_order_lines: 8,
      copied_total: 4,
      orphans: 3,
    });
    expect(ctx.logged.join('\n')).toMatch(/1 row\(s\) of orders NOT copied back: a parent row they reference is missing in production/);
    expect(await scalar(s.db, 'SELECT count(*) FROM orders WHERE id = 4')).toBe(0);
    expect(await scalar(s.db, 'SELECT count(*) FROM order_lines WHERE order_id = 1')).toBe(2);
    expect(out.evidence?.map((e) => e.label)).toEqual([
      'rows of customers copied back',
      'rows of orders (ON DELETE CASCADE) copied back',
      'rows of order_lines (ON DELETE CASCADE) copied back',
    ]);
    // Each summary adds up: every row of the copy is copied, already there, or named as not copied and why.
    const lines = out.evidence?.find((e) => e.label.startsWith('rows of order_lines'))?.actual ?? '';
    expect(lines).toMatch(/^12 rows in the copy = 2 copied \+ 8 already in production \+ 2 NOT copied \(parent row missing in production\);/);
    expect(ctx.logged.join('\n')).toContain('order_lines: 12 rows in the copy = 2 copied + 8 already in production + 2 NOT copied (parent row missing in production)');

    // With the other parent named, it comes back first, and then its child rows.
    const again = await runAction(copyRowsAction, { table: 'customers', from: s.snap, also: 'products' }, makeContext(s.target));
    expect(again.outputs).toMatchObject({ tables: 'customers,products,orders,order_lines', copied: 0, copied_products: 1, copied_orders: 1, copied_order_lines: 2, orphans: 0 });
    expect(await scalar(s.db, 'SELECT count(*) FROM order_lines')).toBe(12);
  });

  it('cascade: false copies the named table alone', async () => {
    const s = await shop();
    const out = await runAction(copyRowsAction, { table: 'customers', from: s.snap, cascade: false }, makeContext(s.target));
    expect(out.outputs).toMatchObject({ tables: 'customers', copied: 1, copied_total: 1 });
    expect(await scalar(s.db, 'SELECT count(*) FROM orders')).toBe(4);
  });

  it('through two connections: the same family, the same counts', async () => {
    const s = await shop();
    const ctx = makeContext(s.target, { restored: { engine: 'libsql', url: `file:${s.snap}` } });
    try {
      const out = await runAction(copyRowsAction, { table: 'customers', from: 'restored', also: 'products', batch_size: 4 }, ctx);
      expect(out.outputs).toMatchObject({ tables: 'customers,products,orders,order_lines', copied: 1, copied_products: 1, copied_orders: 2, copied_order_lines: 4, orphans: 0 });
    } finally {
      await ctx.close();
    }
    expect(await scalar(s.db, 'SELECT count(*) FROM order_lines')).toBe(12);
  });
});
