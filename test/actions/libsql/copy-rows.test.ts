import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/libsql/copy-rows.js';
import { snapshotAction } from '../../../src/actions/libsql/snapshot.js';
import { ids, libsqlTarget, makeContext, runAction, scalar, seededDb, tempDir, withDb } from './helpers.js';

const NEW_TICKET = "INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (?, 'Nuevo', 'Escrito después del snapshot', 'abierto', 'media')";
const NEW_NOTE = "INSERT INTO interacciones (ticket_id, usuario_id, tipo, contenido) VALUES (?, ?, 'comentario', 'nota nueva')";

/**
 * The accidental-deletion story with snapshots only: a snapshot, then new tickets (some of
 * user 42), then the incident (`DELETE FROM tickets WHERE usuario_id = 42`, cascading to
 * interactions), then more tickets written after it.
 */
async function incident() {
  const dir = tempDir();
  const db = join(dir, 'tickets.db');
  await seededDb(db, { users: 200, tickets: 1500 });
  const target = libsqlTarget(db, { backups: join(dir, 'backups') });
  const snap = (await runAction(snapshotAction, {}, makeContext(target))).outputs['path'] as string;
  const oldOf42 = await scalar(db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42');
  const oldNotesOf42 = await scalar(db, 'SELECT count(*) FROM interacciones i JOIN tickets t ON t.id = i.ticket_id WHERE t.usuario_id = 42');
  const after = await withDb(db, async (c) => {
    for (let i = 0; i < 30; i++) {
      const user = i % 3 === 0 ? 42 : 7;
      const t = await c.execute({ sql: NEW_TICKET, args: [user] });
      await c.execute({ sql: NEW_NOTE, args: [Number(t.lastInsertRowid), user] });
    }
    await c.execute({ sql: 'DELETE FROM tickets WHERE usuario_id = ?', args: [42] });
    const later: number[] = [];
    for (let i = 0; i < 5; i++) later.push(Number((await c.execute({ sql: NEW_TICKET, args: [9] })).lastInsertRowid));
    return later;
  });
  return { db, target, snap, oldOf42, oldNotesOf42, newOf42: 10, writtenAfter: after };
}

describe('libsql.copy-rows (two local files, ATTACH in one transaction)', () => {
  let s: Awaited<ReturnType<typeof incident>>;
  beforeEach(async () => {
    s = await incident();
  });

  it('copies back exactly the deleted rows the snapshot has, keeps later rows, and counts what is lost', async () => {
    const ctx = makeContext(s.target);
    const tickets = await runAction(copyRowsAction, { table: 'tickets', from: s.snap }, ctx);
    expect(tickets.outputs).toMatchObject({
      candidates: 1500,
      copied: s.oldOf42,
      skipped_existing: 1500 - s.oldOf42,
      overwritten: 0,
      source_max_key: 1500,
      lost_after_copy: s.newOf42,
    });
    // Their interactions (ON DELETE CASCADE) come back with them, counted apart.
    expect(tickets.outputs).toMatchObject({ tables: 'tickets,interacciones', copied_interacciones: s.oldNotesOf42, lost_interacciones: s.newOf42, orphans: 0 });
    expect(tickets.outputs['copied_total']).toBe(s.oldOf42 + s.oldNotesOf42);
    expect(tickets.outputs['lost']).toBe(s.newOf42);
    expect(tickets.outputs['lost_total']).toBe(2 * s.newOf42);
    expect(tickets.evidence?.every((e) => e.pass)).toBe(true);
    expect(tickets.evidence?.[0]?.actual).toMatch(/10 NOT recoverable \(10 written after the copy and deleted\)/);
    expect(ctx.logged.join('\n')).toMatch(/10 row\(s\) of tickets cannot be recovered from this copy/);

    const all = await ids(s.db, 'tickets');
    expect(new Set(all).size).toBe(all.length);
    for (const id of s.writtenAfter) expect(all).toContain(id);
    expect(await scalar(s.db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42')).toBe(s.oldOf42);
    expect(await scalar(s.db, 'SELECT count(*) FROM tickets WHERE id <= 1500')).toBe(1500);
  });

  it('does it again without doing anything twice', async () => {
    const ctx = makeContext(s.target);
    await runAction(copyRowsAction, { table: 'tickets', from: s.snap }, ctx);
    const again = await runAction(copyRowsAction, { table: 'tickets', from: s.snap }, ctx);
    expect(again.outputs).toMatchObject({ copied: 0, skipped_existing: 1500 });
  });

  it('copies only the rows matching where:, with values bound', async () => {
    const out = await runAction(
      copyRowsAction,
      { table: 'tickets', from: s.snap, where: [{ column: 'usuario_id', op: '=', value: 42 }], batch_size: 7 },
      makeContext(s.target),
    );
    expect(out.outputs).toMatchObject({ candidates: s.oldOf42, copied: s.oldOf42, skipped_existing: 0 });
  });

  it('keeps production rows unless overwrite is asked for', async () => {
    await withDb(s.db, (c) => c.execute("UPDATE tickets SET asunto = 'cambiado' WHERE id = 5"));
    await runAction(copyRowsAction, { table: 'tickets', from: s.snap }, makeContext(s.target));
    expect(await scalar(s.db, "SELECT count(*) FROM tickets WHERE id = 5 AND asunto = 'cambiado'")).toBe(1);
    const out = await runAction(copyRowsAction, { table: 'tickets', from: s.snap, overwrite: true }, makeContext(s.target));
    expect(out.outputs).toMatchObject({ copied: 0, overwritten: 1500 });
    expect(await scalar(s.db, "SELECT count(*) FROM tickets WHERE id = 5 AND asunto = 'cambiado'")).toBe(0);
  });

  it('counts without writing when count_only', async () => {
    const out = await runAction(copyRowsAction, { table: 'tickets', from: s.snap, count_only: true }, makeContext(s.target));
    expect(out.outputs).toMatchObject({ candidates: 1500, copied: 0, skipped_existing: 1500 - s.oldOf42 });
    expect(await scalar(s.db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42')).toBe(0);
  });

  it('does not write a row whose parent production lacks: counted as orphans', async () => {
    // The snapshot's interactions of the deleted tickets point at tickets production no longer
    // has: copied alone (no tickets first), each is counted, none written.
    const before = await scalar(s.db, 'SELECT count(*) FROM interacciones');
    const ctx = makeContext(s.target);
    const out = await runAction(copyRowsAction, { table: 'interacciones', from: s.snap, batch_size: 50 }, ctx);
    expect(out.outputs).toMatchObject({ copied: 0, orphans: s.oldNotesOf42, orphans_interacciones: s.oldNotesOf42 });
    expect(ctx.logged.join('\n')).toMatch(new RegExp(`${s.oldNotesOf42} row\\(s\\) of interacciones NOT copied back`));
    expect(await scalar(s.db, 'SELECT count(*) FROM interacciones')).toBe(before);
  });

  it('rolls the whole copy back when a row breaks a constraint', async () => {
    // A trigger in production refuses the last deleted ticket: no earlier batch stays written.
    const last = await scalar(s.snap, 'SELECT max(id) FROM tickets WHERE usuario_id = 42');
    await withDb(s.db, (c) => c.execute(`CREATE TRIGGER refuse BEFORE INSERT ON tickets WHEN NEW.id = ${last} BEGIN SELECT RAISE(ABORT, 'refused by production'); END`));
    const before = await scalar(s.db, 'SELECT count(*) FROM tickets');
    await expect(runAction(copyRowsAction, { table: 'tickets', from: s.snap, batch_size: 50 }, makeContext(s.target))).rejects.toThrow(/refused by production/);
    expect(await scalar(s.db, 'SELECT count(*) FROM tickets')).toBe(before);
  });
});

describe('libsql.copy-rows through two clients (the restored copy)', () => {
  it('gives the same counts and result as the ATTACH path', async () => {
    const s = await incident();
    const ctx = makeContext(s.target, { restored: { engine: 'libsql', url: `file:${s.snap}` } });
    const tickets = await runAction(copyRowsAction, { table: 'tickets', batch_size: 200 }, ctx);
    expect(tickets.outputs).toMatchObject({ candidates: 1500, copied: s.oldOf42, skipped_existing: 1500 - s.oldOf42, lost_after_copy: s.newOf42 });
    expect(tickets.outputs).toMatchObject({ tables: 'tickets,interacciones', copied_interacciones: s.oldNotesOf42, orphans: 0 });
    const all = await ids(s.db, 'tickets');
    expect(new Set(all).size).toBe(all.length);
    for (const id of s.writtenAfter) expect(all).toContain(id);
    await ctx.close();
  });
});
