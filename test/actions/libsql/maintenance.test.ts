import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { integrityCheckAction } from '../../../src/actions/libsql/integrity-check.js';
import { maintenanceAction } from '../../../src/actions/libsql/maintenance.js';
import { garblePage, leafPages, libsqlTarget, makeContext, runAction, scalar, seededDb, tempDir, withDb } from './helpers.js';

describe('libsql.maintenance', () => {
  let clean: string;
  beforeAll(async () => {
    clean = join(tempDir(), 'clean.db');
    await seededDb(clean, { users: 1000, tickets: 800 });
  });

  function copy(): string {
    const path = join(tempDir(), 'db.db');
    copyFileSync(clean, path);
    return path;
  }

  async function check(path: string) {
    return (await runAction(integrityCheckAction, {}, makeContext(libsqlTarget(path)))).outputs;
  }

  it('refuses a step that selects nothing', () => {
    expect(() => maintenanceAction.args.parse({})).toThrow(/at least one/);
  });

  it('describes exactly what it will run', () => {
    const args = maintenanceAction.args.parse({ reindex: 'idx_usuarios_email', analyze: true, checkpoint: true });
    expect(maintenanceAction.describe(args, { name: 'tickets', engine: 'libsql' })).toEqual([
      'REINDEX "idx_usuarios_email"  -- on tickets',
      'ANALYZE  -- on tickets',
      'PRAGMA wal_checkpoint(RESTART)  -- on tickets',
    ]);
  });

  it('repairs an index hit by garbage with REINDEX of that index, as the integrity check said', async () => {
    const path = copy();
    const { pages, pageSize } = await leafPages(path, 'idx_usuarios_email');
    garblePage(path, pages[1], pageSize, 1000, 100);
    const before = await check(path);
    expect(before).toMatchObject({ ok: false, index_only: true, indexes: ['idx_usuarios_email'] });

    const out = await runAction(maintenanceAction, { reindex: before['indexes'] }, makeContext(libsqlTarget(path)));
    expect(out.outputs['reindex_methods']).toEqual([{ name: 'idx_usuarios_email', method: 'reindex' }]);
    expect(await check(path)).toMatchObject({ ok: true });
    // the index answers lookups again, for every row
    expect(await scalar(path, 'SELECT count(*) FROM usuarios INDEXED BY idx_usuarios_email WHERE email > ?', [''])).toBe(1000);
  });

  it('rebuilds an index whose page is beyond parsing, keeping a raw copy first', async () => {
    const path = copy();
    const { pages, pageSize } = await leafPages(path, 'idx_usuarios_email');
    garblePage(path, pages[1], pageSize);
    expect(await check(path)).toMatchObject({ ok: false, index_only: true });

    const ctx = makeContext(libsqlTarget(path));
    const out = await runAction(maintenanceAction, { reindex: 'idx_usuarios_email' }, ctx);
    const [result] = out.outputs['reindex_methods'] as { method: string; backup: string }[];
    expect(result!.method).toBe('rebuild');
    expect(existsSync(result!.backup)).toBe(true);
    expect(ctx.logged.join('\n')).toMatch(/REINDEX idx_usuarios_email failed/);
    expect(await check(path)).toMatchObject({ ok: true });
    expect(await scalar(path, 'SELECT count(*) FROM usuarios')).toBe(1000);
    const sql = await withDb(path, async (c) => (await c.execute("SELECT sql FROM sqlite_schema WHERE name = 'idx_usuarios_email'")).rows[0]?.[0]);
    expect(sql).toMatch(/CREATE UNIQUE INDEX idx_usuarios_email/);
  });

  it('runs ANALYZE, VACUUM and a WAL checkpoint, and reports sizes and the checkpoint', async () => {
    const path = copy();
    await withDb(path, (c) => c.execute("DELETE FROM interacciones WHERE fecha_creacion < '2026-09-01'"));
    const out = await runAction(maintenanceAction, { analyze: true, vacuum: true, checkpoint: true }, makeContext(libsqlTarget(path)));
    expect((out.outputs['operations'] as { operation: string }[]).map((o) => o.operation)).toEqual([
      'ANALYZE',
      'VACUUM',
      'PRAGMA wal_checkpoint(RESTART)',
    ]);
    expect(out.outputs['size_after']).toBeLessThan(out.outputs['size_before'] as number);
    expect(out.outputs['checkpoint']).toMatchObject({ busy: 0 });
    expect(out.evidence?.[0]?.pass).toBe(true);
    expect(await scalar(path, "SELECT count(*) FROM sqlite_stat1 WHERE idx = 'idx_usuarios_email'")).toBe(1);
    expect(statSync(path).size).toBe(out.outputs['size_after']);
  });
});
