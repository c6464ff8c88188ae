import { beforeAll, describe, expect, it } from 'vitest';
import { validateAction } from '../../../src/actions/postgres/validate.js';
import type { DataConfig } from '../../../src/config/schema.js';
import { withCluster } from '../../helpers/pg.js';
import { makePgContext, runPg, type PgTestContext } from './physical-helpers.js';

/**
 * postgres.validate on a schema that is not the seeds': production and a "copy" (another
 * database of the same cluster, reached as the restored copy is).
 */
const pg = withCluster({ archive: false });

const SCHEMA = `
  CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), placed_at timestamptz NOT NULL);
  CREATE TABLE audit_log (at timestamptz NOT NULL DEFAULT now(), line text);
  CREATE SCHEMA sales;
  CREATE TABLE sales."we""ird" (n int);
  INSERT INTO customers (name) SELECT 'c' || g FROM generate_series(1, 5) g;
  INSERT INTO orders (customer_id, placed_at) SELECT 1 + g % 5, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour' FROM generate_series(1, 12) g;
  INSERT INTO audit_log (line) SELECT 'x' FROM generate_series(1, 3);
  INSERT INTO sales."we""ird" VALUES (1), (2);
`;

beforeAll(async () => {
  for (const db of ['shop', 'copy']) {
    await pg.query(`CREATE DATABASE ${db}`);
    await pg.query(SCHEMA, [], db);
  }
});

function context(data?: DataConfig): PgTestContext {
  const ctx = makePgContext({ name: 'shop', engine: 'postgres', url: pg.url('shop'), secrets: [], ...(data ? { data } : {}) });
  ctx.restored = { engine: 'postgres', url: pg.url('copy') };
  return ctx;
}

async function validate(data: DataConfig | undefined, args: Record<string, unknown> = {}) {
  const ctx = context(data);
  try {
    const outcome = await runPg(validateAction, args, ctx);
    return { ...outcome, failing: (outcome.evidence ?? []).filter((e) => !e.pass).map((e) => e.label), logged: ctx.logged };
  } finally {
    await ctx.close();
  }
}

describe('postgres.validate', () => {
  it('without data: counts every user table outside the system schemas, exactly', async () => {
    const v = await validate(undefined);
    expect(v.failing).toEqual([]);
    expect(v.outputs).toMatchObject({
      tables: 4, rows: 22, empty_tables: 0, missing_tables: 0, checks: 0, checks_failed: 0,
      rows_public_customers: 5, rows_public_orders: 12, rows_public_audit_log: 3, rows_sales_we_ird: 2,
    });
    expect(v.outputs['counts']).toEqual({ 'public.audit_log': 3, 'public.customers': 5, 'public.orders': 12, 'sales.we"ird': 2 });
  });

  it('with data.tables: only those, with the newest value; a missing table fails the step', async () => {
    const v = await validate({ tables: { orders: { newest: 'placed_at' }, customers: {} } });
    expect(v.failing).toEqual([]);
    expect(v.outputs).toMatchObject({ tables: 2, rows: 17, rows_orders: 12, rows_customers: 5 });
    expect(String(v.outputs['newest_orders'])).toMatch(/^2026-01-01T12:00:00/);
    expect(String(v.outputs['newest'])).toMatch(/^2026-01-01T12:00:00/);

    const missing = await validate({ tables: { orders: {}, invoices: {} } });
    expect(missing.failing).toEqual(['table invoices']);
    expect(missing.outputs).toMatchObject({ missing_tables: 1, tables: 2 });
  });

  it('runs data.checks read-only with bound params, judged with the expectation matcher', async () => {
    const checks: DataConfig['checks'] = [
      { id: 'no-orphan-orders', query: 'SELECT count(*) AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL', expect: { n: { eq: 0 } } },
      { id: 'big-customer', query: 'SELECT count(*) AS n FROM orders WHERE customer_id = $1', params: [2], expect: { n: 3 } },
      { id: 'too-many', query: 'SELECT count(*) AS n FROM customers WHERE name <> $1', params: ["c1'; DROP TABLE orders; --"], expect: { n: { lt: 5 } } },
      { id: 'writes', query: 'DELETE FROM audit_log RETURNING 1 AS n', expect: { n: 1 } },
    ];
    const v = await validate({ checks }, {});
    expect(v.outputs).toMatchObject({ checks: 4, checks_failed: 2, tables: 4 });
    expect(v.failing).toEqual(['check too-many: n', 'check writes']);
    // Read-only for real: the DELETE did not happen, the bound value was never SQL.
    expect((await pg.query<{ n: string }>('SELECT count(*) AS n FROM audit_log', [], 'shop'))[0]!.n).toBe('3');
    expect((await pg.query<{ n: string }>('SELECT count(*) AS n FROM orders', [], 'shop'))[0]!.n).toBe('12');
  });

  it('on the restored copy with compare: each table against production, off by one fails', async () => {
    const same = await validate({ tables: { orders: {}, customers: {} } }, { on: 'restored', compare: true });
    expect(same.failing).toEqual([]);
    expect(same.outputs).toMatchObject({ differing: 0, rows_orders: 12 });

    await pg.query('DELETE FROM orders WHERE id = (SELECT max(id) FROM orders)', [], 'copy');
    try {
      const off = await validate(undefined, { on: 'restored', compare: true });
      expect(off.failing).toEqual(['rows in public.orders']);
      expect(off.outputs).toMatchObject({ differing: 1, rows_public_orders: 11 });
      expect(off.logged.join('\n')).toMatch(/public\.orders: 11 .*production 12/);
    } finally {
      await pg.query(`INSERT INTO orders (customer_id, placed_at) VALUES (1, now())`, [], 'copy');
    }
  });

  it('an empty database fails (a restore that holds nothing is not a restore)', async () => {
    await pg.query('CREATE DATABASE empty_one');
    const ctx = makePgContext({ name: 'shop', engine: 'postgres', url: pg.url('empty_one'), secrets: [] });
    try {
      const outcome = await runPg(validateAction, {}, ctx);
      expect(outcome.evidence?.filter((e) => !e.pass).map((e) => e.label)).toEqual(['user tables', 'rows']);
      expect(outcome.outputs).toMatchObject({ tables: 0, rows: 0 });
    } finally {
      await ctx.close();
    }
  });

  it('a partitioned table is counted once, through its parent (its partitions are not extra tables)', async () => {
    await pg.query('CREATE DATABASE parts');
    await pg.query(`CREATE TABLE events (at date NOT NULL, n int) PARTITION BY RANGE (at);
                    CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                    CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                    INSERT INTO events SELECT date '2025-06-01' + g, g FROM generate_series(1, 400) g;`, [], 'parts');
    const ctx = makePgContext({ name: 'shop', engine: 'postgres', url: pg.url('parts'), secrets: [] });
    try {
      const outcome = await runPg(validateAction, {}, ctx);
      expect(outcome.outputs).toMatchObject({ tables: 1, rows: 400, rows_public_events: 400 });
    } finally {
      await ctx.close();
    }
  });
});
