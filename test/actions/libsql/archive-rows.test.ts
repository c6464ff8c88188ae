import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { archiveRowsAction } from '../../../src/actions/libsql/archive-rows.js';
import { copyDbFile, libsqlTarget, makeContext, runAction, scalar, seededDb, tempDir, withDb } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('libsql.archive-rows', () => {
  it('moves rows older than N days (and only those) into the archive table, with counts', async () => {
    const db = join(tempDir(), 'tickets.db');
    await seededDb(db, { now: new Date(), users: 100, tickets: 1500 });
    const old = await scalar(db, "SELECT count(*) FROM interacciones WHERE fecha_creacion < datetime('now', '-90 days')");
    const total = await scalar(db, 'SELECT count(*) FROM interacciones');
    expect(old).toBeGreaterThan(total / 4);

    const preview = await runAction(archiveRowsAction, { table: 'interacciones', column: 'fecha_creacion', older_than_days: 90, count_only: true }, makeContext(libsqlTarget(db)));
    expect(preview.outputs).toMatchObject({ candidates: old, moved: 0, remaining: total });

    const out = await runAction(archiveRowsAction, { table: 'interacciones', column: 'fecha_creacion', older_than: '90d' }, makeContext(libsqlTarget(db)));
    expect(out.outputs).toMatchObject({ archive_table: 'interacciones_archived', candidates: old, moved: old, remaining: total - old, archived: old });
    expect(out.evidence?.[0]?.pass).toBe(true);
    expect(await scalar(db, "SELECT count(*) FROM interacciones WHERE fecha_creacion < datetime('now', '-90 days')")).toBe(0);
    expect(await scalar(db, "SELECT count(*) FROM interacciones_archived WHERE fecha_creacion >= datetime('now', '-90 days')")).toBe(0);
    expect(await scalar(db, 'SELECT count(*) FROM interacciones i JOIN interacciones_archived a USING (id)')).toBe(0);

    const again = await runAction(archiveRowsAction, { table: 'interacciones', column: 'fecha_creacion', older_than: '90d' }, makeContext(libsqlTarget(db)));
    expect(again.outputs).toMatchObject({ moved: 0, archived: old });
  });

  it('moves nothing when a row is already in the archive, and says why', async () => {
    const db = join(tempDir(), 'tickets.db');
    await seededDb(db, { now: new Date(), users: 100, tickets: 300 });
    await withDb(db, (c) => c.execute('INSERT INTO interacciones_archived SELECT * FROM interacciones WHERE id = 1'));
    const before = await scalar(db, 'SELECT count(*) FROM interacciones');
    await expect(runAction(archiveRowsAction, { table: 'interacciones', column: 'fecha_creacion', older_than: '90d' }, makeContext(libsqlTarget(db)))).rejects.toThrow(/rolled back.*UNIQUE/);
    expect(await scalar(db, 'SELECT count(*) FROM interacciones')).toBe(before);
    expect(await scalar(db, 'SELECT count(*) FROM interacciones_archived')).toBe(1);
  });
});

describe('libsql.archive-rows is atomic when the process is killed mid-way', () => {
  let child: string;
  let template: string;
  const TOTAL = 150_000;

  beforeAll(async () => {
    // The action, bundled, in a child process we can kill -9 (node_modules/.cache so that
    // @libsql/client resolves from it).
    const dir = join(ROOT, 'node_modules', '.cache', 'pitstop-test');
    mkdirSync(dir, { recursive: true });
    const bundle = join(dir, `archive-rows-${process.pid}.mjs`);
    await build({ entryPoints: [join(ROOT, 'src/actions/libsql/archive-rows.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, external: ['@libsql/client'], logLevel: 'silent' });
    child = join(dir, `archive-child-${process.pid}.mjs`);
    writeFileSync(
      child,
      `import { archiveRowsAction as a } from ${JSON.stringify(bundle)};
const url = process.argv[2];
await a.run(a.args.parse({ table: 'interacciones', column: 'fecha_creacion', older_than: '90d' }), { target: { name: 't', engine: 'libsql', url, secrets: [] }, log: (l) => console.log(l) });
console.log('DONE');`,
    );
    template = join(tempDir(), 'big.db');
    await seededDb(template, { now: new Date(), users: 50, tickets: 50 });
    await withDb(template, async (c) => {
      await c.execute('DELETE FROM interacciones');
      await c.execute({
        sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
              INSERT INTO interacciones (id, ticket_id, usuario_id, tipo, contenido, fecha_creacion)
              SELECT i, 1 + i % 50, 1 + i % 50, 'comentario', 'Seguimiento del caso número ' || i, datetime('now', '-' || (i % 200) || ' days', '-12 hours')
              FROM n`,
        args: [TOTAL],
      });
    });
  });

  async function killedAt(delayMs: number): Promise<{ finished: boolean; db: string }> {
    const db = join(tempDir(), 'big.db');
    await copyDbFile(template, db);
    const proc = spawn(process.execPath, [child, `file:${db}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let finished = false;
    await new Promise<void>((resolve) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('DONE')) finished = true;
        if (out.includes('moving ') && !proc.killed) setTimeout(() => proc.kill('SIGKILL'), delayMs);
      });
      proc.on('exit', () => resolve());
    });
    return { finished, db };
  }

  it.each([0, 15, 40, 80, 160])('every row is in exactly one table after kill -9 at +%ims', async (delay) => {
    const { finished, db } = await killedAt(delay);
    const main = await scalar(db, 'SELECT count(*) FROM interacciones');
    const archived = await scalar(db, 'SELECT count(*) FROM interacciones_archived');
    const both = await scalar(db, 'SELECT count(*) FROM interacciones i JOIN interacciones_archived a USING (id)');
    const old = await scalar(template, "SELECT count(*) FROM interacciones WHERE fecha_creacion < datetime('now', '-90 days')");
    expect(both).toBe(0);
    expect(main + archived).toBe(TOTAL);
    // Either the whole move happened or none of it did.
    expect([0, old]).toContain(archived);
    if (!finished && delay === 0) expect(archived).toBe(0);
    expect(await scalar(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'")).toBe(0);
  });
});
