import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pitstop, readJournalEvents } from '../helpers/cli.js';
import { finished } from '../actions/libsql/cli-target.js';
import { garblePage, ids, leafPages, scalar, withDb } from '../actions/libsql/helpers.js';
import { shopProject } from './shop-project.js';

/**
 * Acceptance: every shipped libSQL runbook on a database of another schema (customers,
 * orders, audit_log), headless, with only pitstop.yaml (with and without `data:`) and the
 * parameters a person would have to give.
 */
const run = (p: Awaited<ReturnType<typeof shopProject>>, args: string[]) => pitstop(p.sb, ['run', ...args, '--target', 'shop', '--plain', '--yes']);
const out = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

describe.each([true, false])('the libSQL runbooks on another schema (data: %s)', (data) => {
  it('libsql-backup, libsql-not-responding, and libsql-maintenance daily, weekly and monthly', async () => {
    const p = await shopProject({ data });
    const backup = await run(p, ['libsql-backup']);
    expect(backup.exitCode, out(backup)).toBe(0);
    const snaps = readdirSync(p.backups).filter((f) => /^shop-\d{8}T\d{6}Z\.db$/.test(f));
    expect(snaps).toHaveLength(1);
    expect(mode(p.backups)).toBe('0700');
    expect(mode(`${p.backups}/${snaps[0]}`)).toBe('0600');

    const probe = await run(p, ['libsql-not-responding']);
    expect(probe.exitCode, out(probe)).toBe(0);

    for (const task of ['daily', 'weekly']) {
      const r = await run(p, ['libsql-maintenance', '--set', `task=${task}`]);
      expect(r.exitCode, `${task}: ${out(r)}`).toBe(0);
    }
    const old = await scalar(p.db, "SELECT count(*) FROM audit_log WHERE julianday(at) < julianday('now', '-90 days')");
    expect(old).toBeGreaterThan(0);
    const monthly = await run(p, ['libsql-maintenance', '--set', 'task=monthly', '--confirm', 'shop']);
    expect(monthly.exitCode, out(monthly)).toBe(0);
    const steps = finished(p.sb, out(monthly));
    if (data) {
      expect(steps['archive']?.outputs).toMatchObject({ moved: old, archived: old, remaining: p.counts.audit_log - old });
    } else {
      expect(steps['archive-plan']?.outputs).toMatchObject({ configured: false });
      expect(steps['archive']).toBeUndefined();
      expect(out(monthly)).toMatch(/no archive rule: archiving is skipped/);
    }
    expect(await scalar(p.db, 'SELECT count(*) FROM audit_log_archived')).toBe(data ? old : 0);
  }, 120_000);

  it('libsql-corruption on a healthy database validates and changes nothing', async () => {
    const p = await shopProject({ data });
    const r = await run(p, ['libsql-corruption']);
    expect(r.exitCode, out(r)).toBe(0);
    const v = finished(p.sb, out(r))['validate']?.outputs;
    expect(v).toMatchObject({ scope: data ? 'data.tables' : 'every table', tables: data ? 3 : 4, checks_failed: 0, rows_orders: p.counts.orders });
    if (data) expect(v).toMatchObject({ checks: 1, newest_orders: expect.any(String) });
  }, 60_000);

  it('libsql-corruption restores a damaged table from the snapshot and salvages every table', async () => {
    const p = await shopProject({ data, orders: 1200 });
    expect((await run(p, ['libsql-backup'])).exitCode).toBe(0);
    await withDb(p.db, async (c) => {
      for (let i = 0; i < 200; i++) {
        await c.execute({ sql: "INSERT INTO orders (customer_id, total_cents, note, placed_at) VALUES (?, 9, ?, datetime('now'))", args: [1 + (i % 10), `after the snapshot ${i} ${'z'.repeat(60)}`] });
        await c.execute({ sql: "INSERT INTO audit_log (action, at) VALUES (?, datetime('now'))", args: [`after the snapshot ${i}`] });
      }
    });
    const { pages, pageSize } = await leafPages(p.db, 'orders');
    garblePage(p.db, pages[pages.length - 2], pageSize);

    const r = await run(p, ['libsql-corruption', '--confirm', 'shop']);
    expect(r.exitCode, out(r)).toBe(0);
    const steps = finished(p.sb, out(r));
    expect(steps['check']?.outputs).toMatchObject({ ok: false, index_only: false });
    expect(steps['restore']?.outputs?.['kept']).toMatch(/shop\.db\.before-restore-/);
    const salvage = steps['salvage']?.outputs as Record<string, any>;
    expect(salvage).toMatchObject({ copied_audit_log: 200, lost_audit_log: 0, lost_tables: ['orders'], unsalvaged: [] });
    expect(salvage['copied_orders'] + salvage['lost_orders']).toBe(200);
    expect(steps['final-check']?.status).toBe('succeeded');
    const orders = p.counts.orders + salvage['copied_orders'];
    expect(await scalar(p.db, 'SELECT count(*) FROM orders')).toBe(orders);
    expect(steps['validate']?.outputs).toMatchObject({ rows_orders: orders, rows_audit_log: p.counts.audit_log + 200, checks_failed: 0 });
  }, 90_000);

  it('libsql-accidental-deletion from the snapshot with only table and incident_at (and the time column without data:)', async () => {
    const p = await shopProject({ data });
    expect((await run(p, ['libsql-backup'])).exitCode).toBe(0);
    const gone = await withDb(p.db, async (c) => {
      const n = Number((await c.execute('SELECT count(*) FROM orders WHERE customer_id = 7')).rows[0]![0]);
      await c.execute('DELETE FROM customers WHERE id = 7'); // its orders go with it (ON DELETE CASCADE)
      return n;
    });
    expect(gone).toBeGreaterThan(0);
    const incident = new Date(Date.now() - 1000).toISOString().replace('Z', '+00:00');
    const given = ['--set', `incident_at=${incident}`, '--set', 'table=customers'];

    if (!data) {
      // Nothing says which column of customers is its time: the run stops at its first step, before any copy.
      const stopped = await run(p, ['libsql-accidental-deletion', '--confirm', 'shop', ...given]);
      expect(stopped.exitCode, out(stopped)).toBe(1);
      expect(out(stopped)).toMatch(/time column of customers is not known/);
      expect(out(stopped)).toMatch(/--set time_column=COLUMN/);
      const id = /^run (\S+)/m.exec(out(stopped))![1]!;
      const started = readJournalEvents(join(p.sb.home, 'runs', id)).filter((e) => e['type'] === 'step/started').map((e) => e['stepId']);
      expect(started).toEqual(['table-now']);
      expect(readdirSync(p.backups).filter((f) => f.includes('-copy-'))).toEqual([]);
    }
    const extra = data ? [] : ['--set', 'time_column=joined_at'];
    const r = await run(p, ['libsql-accidental-deletion', '--confirm', 'shop', ...given, ...extra]);
    expect(r.exitCode, out(r)).toBe(0);
    const steps = finished(p.sb, out(r));
    expect(steps['table-now']?.outputs).toMatchObject({ table: 'customers', n: p.counts.customers - 1, newest_column: 'joined_at' });
    expect(steps['production-now']?.outputs).toMatchObject({ n: p.counts.customers - 1 });
    // The copy shows which other table lost rows with the deleted one.
    expect(steps['compare-tables']?.outputs).toMatchObject({ on: 'restored', diff_customers: 1, diff_orders: gone, diff_audit_log: 0 });
    // Its orders come back with it: ON DELETE CASCADE, found without being named.
    expect(steps['plan-copy-back']?.outputs).toMatchObject({ summary: 'matching on (id) (primary-key)', tables: 'customers,orders', children: 'orders' });
    expect(steps['copy-back']?.outputs).toMatchObject({ key: 'id', copied: 1, lost: 0, copied_orders: gone, tables: 'customers,orders' });
    expect(steps['validate']?.outputs).toMatchObject({ n: p.counts.customers });
    expect(await ids(p.db, 'orders')).toHaveLength(p.counts.orders);
  }, 90_000);
});
