import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { ensureSandbox, sandboxPaths } from '../../src/config/sandbox.js';
import { seedSandbox } from '../../src/sandbox/seed.js';
import { NOW, tempDir, withDb } from '../actions/libsql/helpers.js';

async function dump(c: Client): Promise<string> {
  const out: unknown[] = [];
  for (const t of ['usuarios', 'tickets', 'interacciones', 'interacciones_archived']) {
    out.push(t, (await c.execute(`SELECT * FROM ${t} ORDER BY id`)).rows);
  }
  return JSON.stringify(out);
}

async function seeded(opts = {}): Promise<string> {
  const path = join(tempDir('pitstop-seed-'), 'sandbox.db');
  await withDb(path, (c) => seedSandbox(c, { now: NOW, ...opts }));
  return path;
}

const one = (c: Client, sql: string) => c.execute(sql).then((r) => r.rows[0]![0]);

describe('seedSandbox', () => {
  it('is deterministic for a seed and a clock, and different for another seed', async () => {
    const [a, b, other] = [await seeded(), await seeded(), await seeded({ seed: 99 })];
    const [da, db, dother] = await Promise.all([a, b, other].map((p) => withDb(p, dump)));
    expect(da).toBe(db);
    expect(da).not.toBe(dother);
  });

  it('builds the seed 003 schema with its indexes and realistic Spanish-language rows', async () => {
    await withDb(await seeded(), async (c) => {
      const names = (await c.execute("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') ORDER BY name")).rows.map((r) => r[0]);
      expect(names).toEqual(expect.arrayContaining(['usuarios', 'tickets', 'interacciones', 'interacciones_archived', 'idx_usuarios_email', 'idx_tickets_usuario', 'idx_interacciones_fecha']));
      expect(await one(c, 'SELECT count(*) FROM usuarios')).toBe(240);
      expect(await one(c, 'SELECT count(*) FROM tickets')).toBe(3000);
      expect(Number(await one(c, 'SELECT count(*) FROM interacciones'))).toBeGreaterThan(8000);
      expect(await one(c, 'SELECT count(*) FROM interacciones_archived')).toBe(0);
      expect(await one(c, "SELECT count(*) FROM usuarios WHERE nombre GLOB '*[áéíóúñ]*'")).toBeGreaterThan(20);
      expect(await one(c, "SELECT count(*) FROM usuarios WHERE email NOT LIKE '%_@_%.%'")).toBe(0);
      expect(await one(c, 'SELECT count(*) FROM tickets WHERE usuario_id = 42')).toBeGreaterThan(0);
      expect(await one(c, "SELECT count(*) FROM pragma_foreign_key_check")).toBe(0);
      expect(await one(c, 'PRAGMA integrity_check')).toBe('ok');
      expect(await one(c, 'PRAGMA journal_mode')).toBe('wal');
    });
  });

  it('spreads rows over ~200 days, with ids following time, so archiving at 90 days has work', async () => {
    await withDb(await seeded(), async (c) => {
      const now = NOW.toISOString().slice(0, 19).replace('T', ' ');
      const at = (days: number) => `datetime('${now}', '-${days} days')`;
      const old = Number(await one(c, `SELECT count(*) FROM interacciones WHERE fecha_creacion < ${at(90)}`));
      const total = Number(await one(c, 'SELECT count(*) FROM interacciones'));
      expect(old / total).toBeGreaterThan(0.4);
      expect(old / total).toBeLessThan(0.7);
      expect(await one(c, `SELECT count(*) FROM tickets WHERE fecha_creacion < ${at(201)} OR fecha_creacion > '${now}'`)).toBe(0);
      expect(await one(c, `SELECT count(*) FROM tickets WHERE fecha_creacion > ${at(7)}`)).toBeGreaterThan(0);
      // datetime() format, so the seed's `fecha_creacion < datetime('now', '-90 days')` compares right
      expect(await one(c, "SELECT count(*) FROM interacciones WHERE fecha_creacion NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'")).toBe(0);
      expect(await one(c, 'SELECT count(*) FROM tickets a JOIN tickets b ON b.id = a.id + 1 WHERE b.fecha_creacion < a.fecha_creacion')).toBe(0);
      expect(await one(c, 'SELECT count(*) FROM interacciones i JOIN tickets t ON t.id = i.ticket_id WHERE i.fecha_creacion < t.fecha_creacion')).toBe(0);
      expect(await one(c, "SELECT seq FROM sqlite_sequence WHERE name = 'tickets'")).toBe(3000);
    });
  });

  it('does nothing on a database that already has the tables', async () => {
    const path = await seeded();
    const before = await withDb(path, dump);
    await withDb(path, async (c) => {
      await c.execute('DELETE FROM tickets WHERE id = 1');
      await seedSandbox(c, { now: NOW });
    });
    const after = await withDb(path, dump);
    expect(after).not.toBe(before);
    expect(await withDb(path, (c) => one(c, 'SELECT count(*) FROM tickets'))).toBe(2999);
  });

  it('fills the built-in sandbox through ensureSandbox, rows and all, with nothing left behind', async () => {
    const home = tempDir('pitstop-home-');
    expect(await ensureSandbox(home, (c) => seedSandbox(c))).toBe(true);
    const paths = sandboxPaths(home);
    const client = createClient({ url: `file:${paths.db}` });
    expect(await one(client, 'SELECT count(*) FROM tickets')).toBe(3000);
    client.close();
    expect(readdirSync(paths.dir).filter((f) => f.includes('building'))).toEqual([]);
    expect(await ensureSandbox(home, (c) => seedSandbox(c))).toBe(false);
  });
});
