import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/libsql/copy-rows.js';
import { tursoExportAction } from '../../../src/actions/turso/export.js';
import { tursoPitrAction } from '../../../src/actions/turso/pitr.js';
import { copyDbFile, ids, libsqlTarget, makeContext, runAction, scalar, seededDb, tempDir, TURSO_STUB_DIR, withDb } from '../libsql/helpers.js';

const PROD_TOKEN = 'prod-token-0123456789';

/**
 * A "cloud" for the stand-in turso: tickets-db as it is now (user 42's tickets deleted at
 * 04:45Z, one ticket written after), and its history at 04:00Z from before the deletion.
 */
async function cloud() {
  const dir = tempDir('pitstop-turso-');
  const db = join(dir, 'tickets-db.db');
  await seededDb(db, { users: 150, tickets: 900 });
  mkdirSync(join(dir, 'tickets-db.history'));
  await copyDbFile(db, join(dir, 'tickets-db.history', '20261122T040000Z.db'));
  const deleted = await withDb(db, async (c) => {
    const rs = await c.execute('SELECT id FROM tickets WHERE usuario_id = 42 ORDER BY id');
    await c.execute('DELETE FROM tickets WHERE usuario_id = 42');
    await c.execute("INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (7, 'después', 'después del incidente', 'abierto', 'baja')");
    return rs.rows.map((r) => Number(r[0]));
  });
  const log = join(dir, 'turso-calls.jsonl');
  const env = { PATH: `${TURSO_STUB_DIR}:${process.env['PATH']}`, TURSO_STUB_DIR: dir, TURSO_STUB_LOG: log };
  const target = libsqlTarget(db, { auth_token: PROD_TOKEN, secrets: [PROD_TOKEN], turso: { database: 'tickets-db' }, backups: join(dir, 'backups') });
  const calls = (): string[][] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).argv) : []);
  return { dir, db, env, target, calls, deleted };
}

describe('turso.pitr with the stand-in Turso CLI', () => {
  let c: Awaited<ReturnType<typeof cloud>>;
  beforeEach(async () => {
    c = await cloud();
  });

  it('runs the real syntax, in UTC, and hands the new database on with its token kept secret', async () => {
    const ctx = makeContext(c.target, { env: c.env });
    const out = await runAction(tursoPitrAction, { timestamp: '2026-11-22T05:30:00+01:00' }, ctx);
    const name = 'tickets-db-r20261122043000';
    expect(c.calls()).toEqual([
      ['db', 'create', name, '--from-db', 'tickets-db', '--timestamp', '2026-11-22T04:30:00Z'],
      ['db', 'show', name, '--url'],
      ['db', 'tokens', 'create', name],
    ]);
    expect(out.outputs).toMatchObject({ database: name, url: `file:${join(c.dir, `${name}.db`)}`, from_database: 'tickets-db', timestamp: '2026-11-22T04:30:00Z' });
    const token = out.restored?.authToken ?? '';
    expect(token).toMatch(/^stubtoken\./);
    expect(out.restored).toMatchObject({ engine: 'libsql', url: out.outputs['url'] });
    expect(JSON.stringify(out.outputs)).not.toContain(token);
    expect(JSON.stringify(out.evidence)).not.toContain(token);
    expect(ctx.logged.join('\n')).not.toContain(token);
    expect(ctx.logged.join('\n')).toMatch(/token created \(kept secret\)/);
    // The copy is the database as it was at 04:00Z: user 42's tickets are there.
    expect(await scalar(join(c.dir, `${name}.db`), 'SELECT count(*) FROM tickets WHERE usuario_id = 42')).toBe(c.deleted.length);
  });

  it('copies the deleted rows back through two clients, keeping rows written after the incident', async () => {
    const ctx = makeContext(c.target, { env: c.env });
    await runAction(tursoPitrAction, { timestamp: '2026-11-22T04:30:00Z' }, ctx);
    const before = await ids(c.db, 'tickets');
    const out = await runAction(copyRowsAction, { table: 'tickets', from: 'restored', batch_size: 100 }, ctx);
    expect(out.outputs).toMatchObject({ copied: c.deleted.length, skipped_existing: 900 - c.deleted.length, lost_after_copy: 0 });
    const after = await ids(c.db, 'tickets');
    expect(after).toHaveLength(before.length + c.deleted.length);
    expect(after).toContain(901);
    expect(new Set(after).size).toBe(after.length);
    await ctx.close();
  });

  it('refuses a timestamp without an offset before calling Turso', async () => {
    await expect(runAction(tursoPitrAction, { timestamp: '2026-11-22T04:30:00' }, makeContext(c.target, { env: c.env }))).rejects.toThrow(/UTC offset/);
    expect(c.calls()).toEqual([]);
  });

  it('reports the CLI error when Turso says no', async () => {
    const ctx = makeContext(c.target, { env: { ...c.env, TURSO_STUB_FAIL: 'you are not logged in, please login with turso auth login' } });
    await expect(runAction(tursoPitrAction, { timestamp: '2026-11-22T04:30:00Z' }, ctx)).rejects.toThrow(/turso db create .* exited with code 1: Error: you are not logged in/);
  });

  it('refuses a target without a Turso database', async () => {
    const target = { ...c.target, turso: undefined };
    await expect(runAction(tursoPitrAction, { timestamp: '2026-11-22T04:30:00Z' }, makeContext(target, { env: c.env }))).rejects.toThrow(/no Turso database/);
  });
});

describe('turso.export', () => {
  it('exports to a new file under backups, checked and checksummed, never overwriting', async () => {
    const c = await cloud();
    const out = await runAction(tursoExportAction, {}, makeContext(c.target, { env: c.env }));
    const path = out.outputs['path'] as string;
    expect(c.calls()).toEqual([['db', 'export', 'tickets-db', '--output-file', path]]);
    expect(out.outputs).toMatchObject({ verified: true });
    expect(readFileSync(`${path}.sha256`, 'utf8')).toContain(out.outputs['sha256'] as string);
    expect(await scalar(path, 'SELECT count(*) FROM tickets')).toBe(await scalar(c.db, 'SELECT count(*) FROM tickets'));
    await expect(runAction(tursoExportAction, { output: path }, makeContext(c.target, { env: c.env }))).rejects.toThrow(/already exists/);
  });
});

describe('the stand-in turso', () => {
  it('rejects the seed’s wrong syntax the way the real CLI does', async () => {
    const c = await cloud();
    const r = await execa(join(TURSO_STUB_DIR, 'turso'), ['db', 'restore', 'tickets-db', '--timestamp', '2024-12-14T14:00:00Z'], { env: c.env, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/unknown command "restore" for "turso db"/);
  });
});
