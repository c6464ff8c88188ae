import { createClient } from '@libsql/client';

/** Row counts of the database `otherSchemaDb` writes, by table. */
export interface OtherSchemaCounts {
  customers: number;
  orders: number;
  audit_log: number;
}

/**
 * A database of a schema none of the runbooks know: `customers`, `orders` (a foreign key to
 * customers, `placed_at` timestamps spread over the last 200 days) and `audit_log` (`at`),
 * in WAL mode like a production file. Nothing here is named like the seeds.
 */
export async function otherSchemaDb(path: string, opts: { customers?: number; orders?: number; now?: Date } = {}): Promise<OtherSchemaCounts> {
  const customers = opts.customers ?? 40;
  const orders = opts.orders ?? 600;
  const now = (opts.now ?? new Date()).getTime();
  const client = createClient({ url: `file:${path}` });
  try {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.batch(
      [
        'CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, joined_at TEXT NOT NULL)',
        `CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
           total_cents INTEGER NOT NULL, note TEXT, placed_at TEXT NOT NULL)`,
        'CREATE INDEX orders_by_customer ON orders (customer_id)',
        'CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, at TEXT NOT NULL)',
        'CREATE TABLE audit_log_archived (id INTEGER PRIMARY KEY, action TEXT NOT NULL, at TEXT NOT NULL)',
      ],
      'write',
    );
    const stamp = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString().replace('T', ' ').slice(0, 19);
    const statements = [];
    for (let i = 1; i <= customers; i++) {
      statements.push({ sql: 'INSERT INTO customers (id, email, joined_at) VALUES (?, ?, ?)', args: [i, `c${i}@example.test`, stamp(300 - i)] });
    }
    for (let i = 1; i <= orders; i++) {
      // Older first, so that ids and placed_at grow together like a real table's.
      const daysAgo = 200 - (200 * i) / orders;
      statements.push({
        sql: 'INSERT INTO orders (id, customer_id, total_cents, note, placed_at) VALUES (?, ?, ?, ?, ?)',
        args: [i, 1 + (i % customers), 100 + ((i * 37) % 9000), `order ${i} ${'x'.repeat(60)}`, stamp(daysAgo)],
      });
      statements.push({ sql: 'INSERT INTO audit_log (action, at) VALUES (?, ?)', args: [`order ${i} placed`, stamp(daysAgo)] });
    }
    await client.batch(statements, 'write');
    return { customers, orders, audit_log: orders };
  } finally {
    client.close();
  }
}

/** The `data:` of a pitstop.yaml target for `otherSchemaDb`. */
export const OTHER_SCHEMA_DATA = {
  tables: { customers: { newest: 'joined_at' }, orders: { newest: 'placed_at' }, audit_log: { newest: 'at' } },
  checks: [
    {
      id: 'no-orphan-orders',
      query: 'SELECT count(*) AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL',
      expect: { n: { eq: 0 } },
    },
  ],
  archive: { table: 'audit_log', column: 'at', older_than: '90d' },
};
