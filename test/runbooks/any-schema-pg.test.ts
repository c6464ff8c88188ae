import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startCluster, type Cluster } from '../../src/postgres/cluster.js';
import { makeSandbox, pitstop, type CliResult, type Sandbox } from '../helpers/cli.js';
import { queryOnce } from '../helpers/pg.js';
import { stopCopiesOfRuns } from '../actions/postgres/physical-helpers.js';
import { lastRunSteps } from '../actions/postgres/runbook-env.js';
import { corruptRelation, serverTime, switchWalAndWait } from '../actions/postgres/server-helpers.js';

/**
 * Acceptance: the shipped pg-* runbooks on a database that is not the seeds' — customers,
 * orders (a foreign key), audit_log (no primary key) — through the built CLI, headless, with
 * only what a person has to give. Two targets on the same database: `shop` describes its data
 * (`data:`), `bare` does not. One cluster for the file; the tests run in order (backups first,
 * the server loss last) and share its base backup and WAL archive.
 */
const SCHEMA = `
  CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers(id),
    total numeric(10, 2) NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX orders_customer_idx ON orders (customer_id);
  CREATE TABLE audit_log (at timestamptz NOT NULL DEFAULT now(), actor text, action text);
  INSERT INTO customers (email, created_at) SELECT 'c' || g || '@shop.test', now() - (300 - g) * interval '1 hour' FROM generate_series(1, 300) g;
  INSERT INTO orders (customer_id, total, placed_at) SELECT 1 + g % 300, (g % 97) + 0.5, now() - (3000 - g) * interval '1 minute' FROM generate_series(1, 3000) g;
  INSERT INTO audit_log (actor, action) SELECT 'user' || g % 7, 'login' FROM generate_series(1, 500) g;
`;

const DATA = {
  tables: { customers: { newest: 'created_at' }, orders: { newest: 'placed_at' }, audit_log: {} },
  sets: { critical: ['customers', 'orders'] },
  checks: [{ id: 'no-orphan-orders', query: 'SELECT count(*) AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL', expect: { n: 0 } }],
};

let sb: Sandbox;
let cluster: Cluster;
let url: string;
let backups: string;
const started = Date.now();

beforeAll(async () => {
  sb = makeSandbox();
  // The servers run as the postgres user, which must reach the restore directory under it.
  chmodSync(sb.cwd, 0o755);
  cluster = await startCluster({ dir: join(sb.cwd, 'prod') });
  await queryOnce(cluster.url(), 'CREATE DATABASE shop');
  url = cluster.url('shop');
  await queryOnce(url, SCHEMA);
  backups = join(sb.cwd, 'backups');
  const restore = join(sb.cwd, 'restore');
  mkdirSync(restore, { mode: 0o755 });
  const common = { engine: 'postgres', url, backups, wal_archive: cluster.archiveDir!, restore: { data_dir: restore } };
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { shop: { ...common, data: DATA }, bare: common } }));
});

afterAll(async () => {
  if (sb) await stopCopiesOfRuns(sb.home);
  await cluster?.destroy();
  if (sb) rmSync(sb.cwd, { recursive: true, force: true });
  // How long the whole file took (the slowest of the runbook tests: every restore path).
  console.log(`any-schema-pg: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const runs = (): number => (existsSync(join(sb.home, 'runs')) ? readdirSync(join(sb.home, 'runs')).length : 0);

async function run(runbook: string, target: 'shop' | 'bare', ...args: string[]): Promise<CliResult & { out: string }> {
  const result = await pitstop(sb, ['run', runbook, '--target', target, '--plain', '--yes', ...args]);
  return { ...result, out: result.stdout + result.stderr };
}

const count = async (table: string, where = url): Promise<number> => Number((await queryOnce<{ n: string }>(where, `SELECT count(*) AS n FROM ${table}`))[0]!.n);
const orderIds = async (where: string): Promise<number[]> => (await queryOnce<{ id: string }>(where, 'SELECT id FROM orders ORDER BY id')).map((r) => Number(r.id));

describe('the pg-* runbooks on another schema (customers, orders, audit_log)', () => {
  it('backups: base, full, verification (with and without data:), the critical set; a missing set stops at preflight', { timeout: 240_000 }, async () => {
    const base = await run('pg-backup-base', 'shop');
    expect(base.exitCode, base.out).toBe(0);

    for (const target of ['shop', 'bare'] as const) {
      const full = await run('pg-backup-full', target);
      expect(full.exitCode, full.out).toBe(0);
      const verify = await run('pg-verify-backup', target);
      expect(verify.exitCode, verify.out).toBe(0);
      const labels = (lastRunSteps(sb).steps['compare']?.outputs?.['counts'] ?? {}) as Record<string, unknown>;
      expect(Object.keys(labels).sort()).toEqual(['public.audit_log', 'public.customers', 'public.orders']);
    }

    const critical = await run('pg-backup-critical', 'shop');
    expect(critical.exitCode, critical.out).toBe(0);
    const marker = readdirSync(backups).find((f) => /^shop-critical-.*\.dump\.verified$/.test(f));
    expect(JSON.parse(readFileSync(join(backups, marker!), 'utf8')).entries['TABLE DATA']).toBe(2);

    // Backup health sees what these runs made: the base backup (with its manifest's checksum),
    // the verified full dump and the critical set, each within its RPO.
    const status = await pitstop(sb, ['status', '--target', 'shop', '--json']);
    const shop = JSON.parse(status.stdout).targets[0] as { health: string; kinds: Array<{ kind: string; newest?: { sha256?: string; verifiedAt?: string } }> };
    expect(shop.kinds.map((k) => k.kind).sort()).toEqual(['basebackup', 'dump-full', 'dump-set:critical']);
    expect(shop.kinds.find((k) => k.kind === 'basebackup')?.newest).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), verifiedAt: expect.any(String) });
    expect(shop.kinds.every((k) => k.newest?.verifiedAt), status.stdout).toBe(true);

    const before = runs();
    for (const [runbook, target, key] of [['pg-backup-critical', 'bare', 'data.sets.critical'], ['pg-backup-embeddings', 'shop', 'data.sets.embeddings']] as const) {
      const stopped = await run(runbook, target);
      expect(stopped.exitCode, stopped.out).toBe(2);
      expect(stopped.stderr).toContain(`\`${key}\``);
      expect(stopped.stderr).toContain('Nothing was started');
    }
    expect(runs()).toBe(before);
  });

  it('pg-accidental-deletion: orders deleted, found in the WAL, copied back from a restored copy; production validated', { timeout: 240_000 }, async () => {
    const truth = await orderIds(url);
    const incidentAt = await serverTime(url);
    await queryOnce(url, 'DELETE FROM orders WHERE customer_id BETWEEN 10 AND 40');
    const left = await count('orders');
    expect(left).toBeLessThan(truth.length);

    const result = await run('pg-accidental-deletion', 'shop', '--confirm', 'shop', '--set', 'table=orders', '--set', `incident_at=${incidentAt}`);
    expect(result.exitCode, result.out).toBe(0);
    const { steps } = lastRunSteps(sb);
    expect(steps['find-transaction']?.outputs).toMatchObject({ operation: 'DELETE', rows_deleted: truth.length - left });
    expect(steps['copy-back']?.outputs?.['copied']).toBe(truth.length - left);
    expect(steps['check-data']?.outputs).toMatchObject({ tables: 3, rows_orders: truth.length, checks: 1, checks_failed: 0 });
    expect(await orderIds(url)).toEqual(truth);
  });

  it('pg-corruption (data:): a damaged orders page, restored to just before it, validated with data.tables and data.checks', { timeout: 240_000 }, async () => {
    await queryOnce(url, `INSERT INTO orders (customer_id, total) SELECT 1 + g % 300, 9.99 FROM generate_series(1, 50) g`);
    const truth = await orderIds(url);
    const restoreTo = await serverTime(url);
    // After the restore point: not in the copy.
    await queryOnce(url, `INSERT INTO orders (customer_id, total) VALUES (1, 1.00)`);
    await switchWalAndWait(url);
    await corruptRelation(cluster, 'orders', 1, 'shop');

    const result = await run('pg-corruption', 'shop', '--confirm', 'shop', '--set', 'repoint=by-hand', '--set', `restore_to=${restoreTo}`);
    expect(result.exitCode, result.out).toBe(0);
    const { steps } = lastRunSteps(sb);
    expect(steps['scope']?.outputs).toMatchObject({ verdict: 'heap', tables: ['public.orders'] });
    expect(steps['restore-point']?.outputs?.['quiet']).toBe(false);
    expect(steps['check-copy']?.outputs?.['verdict']).toBe('clean');
    expect(steps['validate-copy']?.outputs).toMatchObject({
      tables: 3, missing_tables: 0, checks: 1, checks_failed: 0,
      rows_orders: truth.length, rows_customers: 300, rows_audit_log: 500,
    });
    expect(steps['validate-copy']?.outputs?.['newest_orders']).toEqual(expect.any(String));
    expect(await orderIds(String(steps['restore']!.outputs!['url']))).toEqual(truth);
  });

  it('pg-server-loss (no data:): the data directory gone, everything archived comes back, every user table validated', { timeout: 240_000 }, async () => {
    // Production was damaged above; the orders table is not read again. Customers still take writes.
    await queryOnce(url, `INSERT INTO customers (email) VALUES ('last@shop.test')`);
    const customers = await count('customers');
    await switchWalAndWait(url);
    await cluster.stop();
    rmSync(cluster.dataDir, { recursive: true, force: true });

    const result = await run('pg-server-loss', 'bare', '--confirm', 'bare', '--set', 'repoint=by-hand');
    expect(result.exitCode, result.out).toBe(0);
    const { steps } = lastRunSteps(sb);
    expect(steps['check-copy']?.outputs?.['verdict']).toBe('clean');
    expect(steps['validate-copy']?.outputs).toMatchObject({ tables: 3, empty_tables: 0, rows_public_customers: customers, rows_public_audit_log: 500 });
    const copy = String(steps['restore']!.outputs!['url']);
    expect(await count('customers', copy)).toBe(customers);
    expect((await queryOnce(copy, `SELECT 1 FROM customers WHERE email = 'last@shop.test'`)).length).toBe(1);
  });
});
