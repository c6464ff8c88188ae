import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAction } from '../../../src/actions/libsql/validate.js';
import { copyDbFile, libsqlTarget, makeContext, runAction, tempDir, withDb } from './helpers.js';
import { OTHER_SCHEMA_DATA, otherSchemaDb } from './other-schema.js';

async function fixture(data?: unknown) {
  const dir = tempDir();
  const db = join(dir, 'shop.db');
  const counts = await otherSchemaDb(db);
  const target = libsqlTarget(db, { name: 'shop', ...(data ? { data: data as never } : {}) });
  return { dir, db, counts, target };
}

const failing = (evidence: { pass: boolean }[] | undefined) => (evidence ?? []).filter((e) => !e.pass);

describe('libsql.validate from the target data', () => {
  it('counts each data.tables table, shows its newest value, and runs data.checks with bound params', async () => {
    const data = {
      ...OTHER_SCHEMA_DATA,
      checks: [...OTHER_SCHEMA_DATA.checks, { id: 'big-orders', query: 'SELECT count(*) AS n FROM orders WHERE total_cents > ?', params: [9050], expect: { n: { gt: 0 } } }],
    };
    const { target, counts, db } = await fixture(data);
    const newest = await withDb(db, async (c) => String((await c.execute('SELECT max(placed_at) FROM orders')).rows[0]![0]));
    const out = await runAction(validateAction, {}, makeContext(target));
    expect(out.outputs).toMatchObject({
      scope: 'data.tables',
      tables: 3,
      rows: counts.customers + counts.orders + counts.audit_log,
      checks: 2,
      checks_failed: 0,
      rows_customers: counts.customers,
      rows_orders: counts.orders,
      newest_orders: newest,
    });
    expect(out.outputs).not.toHaveProperty('rows_audit_log_archived');
    expect(failing(out.evidence)).toEqual([]);
    expect(out.evidence?.map((e) => e.label)).toContain('check big-orders: n');
  });

  it('fails on a check that does not hold, after running every other one', async () => {
    const { target, db } = await fixture(OTHER_SCHEMA_DATA);
    await withDb(db, async (c) => {
      await c.execute('PRAGMA foreign_keys = OFF'); // an orphan, as a damaged or half-restored database can hold
      await c.execute("INSERT INTO orders (customer_id, total_cents, placed_at) VALUES (9999, 1, '2026-01-01')");
    });
    const out = await runAction(validateAction, {}, makeContext(target));
    expect(out.outputs).toMatchObject({ checks: 1, checks_failed: 1, tables: 3 });
    expect(failing(out.evidence)).toMatchObject([{ label: 'check no-orphan-orders: n', expected: '= 0', actual: '1' }]);
  });

  it('fails naming a data.tables table the database does not have', async () => {
    const { target } = await fixture({ tables: { orders: {}, invoices: {} } });
    const out = await runAction(validateAction, {}, makeContext(target));
    expect(failing(out.evidence)).toMatchObject([{ label: 'table invoices (data.tables)', actual: 'no such table' }]);
  });

  it('with no data: counts every table of sqlite_schema, not the sqlite_ internals', async () => {
    const { target, counts } = await fixture();
    const out = await runAction(validateAction, {}, makeContext(target));
    expect(out.outputs).toMatchObject({
      scope: 'every table',
      tables: 4,
      rows: counts.customers + counts.orders + counts.audit_log,
      checks: 0,
      checks_failed: 0,
      rows_audit_log_archived: 0,
    });
    expect(Object.keys(out.outputs).filter((k) => k.includes('sqlite_'))).toEqual([]);
  });

  it('one table: its newest column from data.tables, from the step, or a clear stop when it cannot be known', async () => {
    const { target, counts } = await fixture(OTHER_SCHEMA_DATA);
    const fromData = await runAction(validateAction, { table: 'orders', require_newest: true }, makeContext(target));
    expect(fromData.outputs).toMatchObject({ table: 'orders', n: counts.orders, newest_column: 'placed_at', tables: 1, checks: 0 });

    const bare = { ...target, data: undefined };
    const given = await runAction(validateAction, { table: 'customers', newest: 'joined_at', require_newest: true }, makeContext(bare));
    expect(given.outputs).toMatchObject({ n: counts.customers, newest_column: 'joined_at' });

    const dry = validateAction.describe(validateAction.args.parse({ table: 'customers', newest: '', require_newest: true, newest_param: 'time_column' }), bare);
    expect(dry.join('\n')).toMatch(/STOPS HERE: the time column of customers is not known \(give --set time_column=COLUMN or data.tables.customers.newest/);
    const unknown = runAction(validateAction, { table: 'customers', newest: '', require_newest: true, newest_param: 'time_column' }, makeContext(bare));
    await expect(unknown).rejects.toThrow(/time column of customers is not known/);
    await expect(unknown).rejects.toMatchObject({ hint: expect.stringMatching(/--set time_column=COLUMN.*data: \{ tables: \{ customers: \{ newest: COLUMN \} \} \}/s) });

    await expect(runAction(validateAction, { table: 'customers', newest: 'placed', require_newest: true }, makeContext(bare))).rejects.toThrow(
      /customers has no column placed.*id, email, joined_at/,
    );
  });

  it('on the restored copy, compared with production table by table', async () => {
    const { target, dir, db, counts } = await fixture(OTHER_SCHEMA_DATA);
    const copy = join(dir, 'copy.db');
    await copyDbFile(db, copy);
    await withDb(db, (c) => c.execute('DELETE FROM orders WHERE id <= 25'));
    const ctx = makeContext(target, { restored: { engine: 'libsql', url: `file:${copy}` } });
    const out = await runAction(validateAction, { on: 'restored', compare: true }, ctx);
    expect(out.outputs).toMatchObject({ on: 'restored', rows_orders: counts.orders, differing: 1, diff_orders: 25, diff_customers: 0 });
    expect(failing(out.evidence)).toEqual([]);
    await ctx.close();
  });
});
