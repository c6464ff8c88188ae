import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { type PgTestContext, runPg } from './physical-helpers.js';
import { startCopyPair, stopCopyPair } from './copy-pair.js';

/**
 * Production's triggers and postgres.copy-rows, between two real servers (`copy` the restored
 * copy, `prod` production): they fire by default (an audit trigger records the restored
 * rows); `disable_triggers` turns the user triggers off inside each batch's transaction only,
 * and foreign keys (constraint triggers) are still enforced. Keyed and keyless tables alike.
 */
let copy: Cluster;
let prod: Cluster;
let ctx: PgTestContext;
let backups: string;

beforeAll(async () => {
  ({ copy, prod, ctx, backups } = await startCopyPair());
  for (const c of [copy, prod]) {
    await queryOnce(c.url(), `CREATE TABLE audit_log (tbl text, v int)`);
    await queryOnce(c.url(), `CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO audit_log VALUES (TG_TABLE_NAME, NEW.v); RETURN NEW; END $$`);
    // One table with a key, one without; both audited, each referencing its own parents.
    for (const table of ['keyed', 'keyless']) {
      await queryOnce(c.url(), `CREATE TABLE ${table}_parents (id int PRIMARY KEY)`);
      await queryOnce(c.url(), `INSERT INTO ${table}_parents SELECT generate_series(1, 3)`);
      await queryOnce(c.url(), `CREATE TABLE ${table} (${table === 'keyed' ? 'id int PRIMARY KEY, ' : ''}v int, parent int REFERENCES ${table}_parents)`);
      await queryOnce(c.url(), `INSERT INTO ${table} SELECT ${table === 'keyed' ? 'g, ' : ''}g, 1 + g % 3 FROM generate_series(1, 20) g`);
      await queryOnce(c.url(), `CREATE TRIGGER ${table}_audit AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION audit()`);
    }
  }
});

afterAll(() => stopCopyPair({ copy, prod, ctx, backups }));

const audited = async (table: string): Promise<number> =>
  Number((await queryOnce<{ n: string }>(prod.url(), 'SELECT count(*) AS n FROM audit_log WHERE tbl = $1', [table]))[0]!.n);
const triggerState = async (table: string): Promise<string> =>
  String((await queryOnce<{ s: string }>(prod.url(), `SELECT tgenabled AS s FROM pg_trigger WHERE tgname = $1`, [`${table}_audit`]))[0]!.s);

describe.each(['keyed', 'keyless'])('postgres.copy-rows and the triggers of %s', (table) => {
  it('fires production\'s triggers by default: the audit trigger records every restored row', async () => {
    await queryOnce(prod.url(), `DELETE FROM ${table} WHERE v > 15`);
    const out = await runPg(copyRowsAction, { table, batch_size: 2 }, ctx);
    expect(out.outputs).toMatchObject({ copied: 5 });
    expect(await audited(table)).toBe(5);
  });

  it('with disable_triggers, logs nothing, leaves the trigger enabled and still enforces foreign keys', async () => {
    await queryOnce(prod.url(), 'DELETE FROM audit_log');
    await queryOnce(prod.url(), `DELETE FROM ${table} WHERE v > 10`);
    const out = await runPg(copyRowsAction, { table, batch_size: 2, disable_triggers: true }, ctx);
    expect(out.outputs).toMatchObject({ copied: 10, conflicts: 0 });
    expect(await audited(table)).toBe(0);
    expect(await triggerState(table)).toBe('O');
    expect(ctx.logged.some((l) => l.includes(`user triggers of "${table}" disabled during each batch`))).toBe(true);

    // A restored row whose parent production no longer has is set aside and counted, never
    // inserted; the foreign key's own (internal) triggers were never turned off.
    await queryOnce(prod.url(), `DELETE FROM ${table} WHERE parent = 3`);
    await queryOnce(prod.url(), `DELETE FROM ${table}_parents WHERE id = 3`);
    const again = await runPg(copyRowsAction, { table, disable_triggers: true }, ctx);
    expect(Number(again.outputs['orphans'])).toBeGreaterThan(0);
    expect(await triggerState(table)).toBe('O');
    const [fk] = await queryOnce<{ n: string }>(prod.url(), `SELECT count(*) AS n FROM pg_trigger WHERE tgrelid = '${table}'::regclass AND tgisinternal AND tgenabled = 'O'`);
    expect(Number(fk!.n)).toBeGreaterThan(0);
    const orphan = table === 'keyed' ? '(id, v, parent) VALUES (999, 999, 3)' : '(v, parent) VALUES (999, 3)';
    await expect(queryOnce(prod.url(), `INSERT INTO ${table} ${orphan}`)).rejects.toThrow(/foreign key/);
    expect(await audited(table)).toBe(0);
  });
});

describe('postgres.copy-rows describes the trigger choice at the gate', () => {
  it('says the user triggers are disabled during each batch only when asked', () => {
    const target = { name: 'orquix', engine: 'postgres' as const };
    const args = (extra: object) => copyRowsAction.args.parse({ table: 'orders', ...extra });
    expect(copyRowsAction.describe(args({ disable_triggers: true }), target).join('\n')).toContain('user triggers of "orders" disabled during each batch');
    expect(copyRowsAction.describe(args({}), target).join('\n')).toContain('triggers of "orders" fire');
    // From a runbook parameter the value arrives rendered as text.
    expect(args({ disable_triggers: 'true' }).disable_triggers).toBe(true);
    expect(args({ disable_triggers: 'false' }).disable_triggers).toBe(false);
    expect(() => args({ disable_triggers: 'yes' })).toThrow();
  });
});
