import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/libsql/copy-rows.js';
import { integrityCheckAction } from '../../../src/actions/libsql/integrity-check.js';
import { restoreSnapshotAction } from '../../../src/actions/libsql/restore-snapshot.js';
import { snapshotAction } from '../../../src/actions/libsql/snapshot.js';
import { copyDbFile, garblePage, leafPages, libsqlTarget, makeContext, runAction, seededDb, tempDir, withDb } from './helpers.js';

type Row = Record<string, unknown>;

async function rowsById(path: string, table: string): Promise<Map<number, Row>> {
  return withDb(path, async (c) => {
    const rs = await c.execute(`SELECT * FROM ${table} ORDER BY id`);
    return new Map(rs.rows.map((r) => [Number(r['id']), Object.fromEntries(rs.columns.map((k) => [k, r[k]]))]));
  });
}

describe('a damaged table page: restore from the snapshot, then save what the old file still holds', () => {
  it('recovers every readable newer row, counts the unreadable ones, and loses nothing silently', async () => {
    const dir = tempDir();
    const db = join(dir, 'tickets.db');
    await seededDb(db, { users: 200, tickets: 1500 });
    const target = libsqlTarget(db, { backups: join(dir, 'backups') });
    await runAction(snapshotAction, {}, makeContext(target));
    await withDb(db, async (c) => {
      for (let i = 0; i < 300; i++) {
        await c.execute({
          sql: "INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (?, ?, 'después del snapshot', 'abierto', 'alta')",
          args: [1 + (i % 150), `nuevo ${i}`],
        });
      }
    });
    const truth = join(dir, 'truth.db');
    await copyDbFile(db, truth);
    const original = await rowsById(truth, 'tickets');
    const newer = [...original.keys()].filter((id) => id > 1500);
    expect(newer).toHaveLength(300);

    // Garbage over a whole leaf page near the end of the table: it holds rows newer than the snapshot.
    const { pages, pageSize } = await leafPages(db, 'tickets');
    garblePage(db, pages[pages.length - 4], pageSize);

    const check = await runAction(integrityCheckAction, {}, makeContext(target));
    expect(check.outputs).toMatchObject({ ok: false, index_only: false });
    expect(check.outputs['tables']).toContain('tickets');

    const restore = await runAction(restoreSnapshotAction, {}, makeContext(target));
    const kept = restore.outputs['kept'] as string;

    const ctx = makeContext(target);
    const copy = await runAction(copyRowsAction, { table: 'tickets', from: kept }, ctx);
    const out = copy.outputs as Record<string, number>;
    expect(out['unreadable']).toBeGreaterThan(5);
    expect(out['unreadable']).toBeLessThan(60);
    expect(out['copied']! + out['unreadable']!).toBe(300);
    expect(out['candidates']).toBe(out['copied']! + out['skipped_existing']!);
    expect(out['lost']).toBe(out['unreadable']! + (out['lost_after_copy'] ?? 0));
    expect(ctx.logged.join('\n')).toMatch(/could not be read from the copy/);

    // Every row that is back is exactly the original; every newer row is either back or counted.
    const now = await rowsById(db, 'tickets');
    for (const [id, row] of now) expect(row).toEqual(original.get(id));
    const missing = newer.filter((id) => !now.has(id));
    expect(missing).toHaveLength(out['unreadable']!);
    expect((await runAction(integrityCheckAction, {}, makeContext(target))).outputs['ok']).toBe(true);
  });
});
