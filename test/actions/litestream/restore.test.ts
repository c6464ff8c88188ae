import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { copyRowsAction } from '../../../src/actions/libsql/copy-rows.js';
import { litestreamCheckAction } from '../../../src/actions/litestream/check.js';
import { litestreamRestoreAction } from '../../../src/actions/litestream/restore.js';
import { startReplicator, stopReplicator } from './replicator.js';
import { ids, libsqlTarget, makeContext, runAction, scalar, seededDb, tempDir, withDb } from '../libsql/helpers.js';

afterEach(stopReplicator);

/** `+01:00` form of a time, so the action has to convert it to UTC itself. */
function withOffset(at: Date): string {
  const local = new Date(at.getTime() + 3_600_000).toISOString().replace('Z', '');
  return `${local}+01:00`;
}

describe('litestream.restore with a real replica', () => {
  it('restores to just before the deletion, and the merge brings rows back once, keeping later ones', async () => {
    const dir = tempDir('pitstop-litestream-');
    const db = join(dir, 'tickets.db');
    const replicaDir = join(dir, 'replica');
    await seededDb(db, { users: 150, tickets: 900 });
    const target = libsqlTarget(db, { backups: join(dir, 'backups'), litestream: { replica: `file://${replicaDir}` } });

    await startReplicator(db, replicaDir);

    // The backup runbook's check sees the replica's snapshot.
    const checked = await runAction(litestreamCheckAction, { max_age: '10m' }, makeContext(target));
    expect(checked.outputs['snapshots']).toBeGreaterThanOrEqual(1);
    const emptyReplica = { ...target, litestream: { replica: `file://${join(dir, 'empty-replica')}` } };
    await expect(runAction(litestreamCheckAction, {}, makeContext(emptyReplica))).rejects.toThrow(/has no snapshots: there is nothing to restore from/);

    const of42 = await scalar(db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42');
    const notesOf42 = await scalar(db, 'SELECT count(*) FROM interacciones i JOIN tickets t ON t.id = i.ticket_id WHERE t.usuario_id = 42');
    await sleep(1500); // let Litestream ship everything before the incident in earlier segments
    const incidentAt = new Date();
    const later = await withDb(db, async (c) => {
      await c.execute('DELETE FROM tickets WHERE usuario_id = 42');
      await sleep(1500);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await c.execute("INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (9, 'después', 'escrito tras el incidente', 'abierto', 'media')");
        ids.push(Number(r.lastInsertRowid));
      }
      return ids;
    });
    await sleep(2000);

    const ctx = makeContext(target);
    const justBefore = new Date(incidentAt.getTime() - 200);
    const restored = await runAction(litestreamRestoreAction, { timestamp: withOffset(justBefore) }, ctx);
    const copy = restored.outputs['path'] as string;
    expect(new Date(restored.outputs['timestamp'] as string).getTime()).toBe(justBefore.getTime());
    expect(restored.outputs['timestamp']).toMatch(/Z$/);
    expect(restored.restored).toEqual({ engine: 'libsql', url: `file:${copy}` });
    expect(await scalar(copy, 'SELECT count(*) FROM tickets WHERE usuario_id = 42')).toBe(of42);

    const tickets = await runAction(copyRowsAction, { table: 'tickets', from: copy }, ctx);
    // The interactions went with their tickets (ON DELETE CASCADE): copied back with them.
    expect(tickets.outputs).toMatchObject({ copied: of42, lost_after_copy: 0, copied_interacciones: notesOf42 });
    const notes = await runAction(copyRowsAction, { table: 'interacciones', from: copy }, ctx);
    expect(notes.outputs['copied']).toBe(0);
    const all = await ids(db, 'tickets');
    expect(new Set(all).size).toBe(all.length);
    for (const id of later) expect(all).toContain(id);
    expect(await scalar(db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42')).toBe(of42);
  }, 40_000);

  it('refuses to restore over an existing file and explains a missing replica', async () => {
    const dir = tempDir('pitstop-litestream-');
    const target = libsqlTarget(join(dir, 'tickets.db'), { backups: dir });
    await expect(runAction(litestreamRestoreAction, {}, makeContext(target))).rejects.toThrow(/no Litestream replica/);
    const withReplica = { ...target, litestream: { replica: `file://${join(dir, 'nothing-here')}` } };
    await expect(runAction(litestreamRestoreAction, { output: join(dir, 'x.db') }, makeContext(withReplica))).rejects.toThrow(/litestream restore failed/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
