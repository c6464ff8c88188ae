import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../../src/actions/common/sha256.js';
import { openSnapshotAction } from '../../../src/actions/libsql/open-snapshot.js';
import { restoreSnapshotAction } from '../../../src/actions/libsql/restore-snapshot.js';
import { snapshotAction } from '../../../src/actions/libsql/snapshot.js';
import { garblePage, ids, leafPages, libsqlTarget, makeContext, runAction, scalar, seededDb, tempDir, withDb } from './helpers.js';

async function setup() {
  const dir = tempDir();
  const db = join(dir, 'tickets.db');
  await seededDb(db, { users: 200, tickets: 1500 });
  const target = libsqlTarget(db, { backups: join(dir, 'backups') });
  return { dir, db, target };
}

describe('libsql.snapshot', () => {
  it('writes a verified, checksummed copy named with the UTC time, never over an existing file', async () => {
    const { db, target } = await setup();
    const first = await runAction(snapshotAction, {}, makeContext(target));
    const path = first.outputs['path'] as string;
    expect(basename(path)).toMatch(/^tickets-\d{8}T\d{6}Z(-\d+)?\.db$/);
    expect(first.outputs).toMatchObject({ verified: true, size: expect.any(Number) });
    expect(first.outputs['sha256']).toBe(await sha256File(path));
    expect(readFileSync(`${path}.sha256`, 'utf8')).toBe(`${first.outputs['sha256']}  ${basename(path)}\n`);
    expect(await scalar(path, 'SELECT count(*) FROM tickets')).toBe(await scalar(db, 'SELECT count(*) FROM tickets'));

    // Same second: VACUUM INTO would fail on an existing file, so the name moves on.
    const second = await runAction(snapshotAction, {}, makeContext(target));
    expect(second.outputs['path']).not.toBe(path);
    expect(existsSync(path)).toBe(true);
  });

  it('refuses a remote database with a clear message', async () => {
    const target = libsqlTarget('x', { url: 'libsql://tickets-db.turso.io', backups: tempDir() });
    await expect(runAction(snapshotAction, {}, makeContext(target))).rejects.toThrow(/local libSQL files only.*remote database/);
  });
});

describe('libsql.restore-snapshot', () => {
  it('swaps the verified snapshot in and keeps the complete old file beside it', async () => {
    const { db, target } = await setup();
    const snap = await runAction(snapshotAction, {}, makeContext(target));
    const snapIds = await ids(snap.outputs['path'] as string, 'tickets');
    // Production moves on after the snapshot.
    await withDb(db, async (c) => {
      await c.execute("INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (3, 'nuevo', 'nuevo', 'abierto', 'alta')");
      await c.execute('DELETE FROM tickets WHERE id <= 10');
    });

    const ctx = makeContext(target);
    const out = await runAction(restoreSnapshotAction, {}, ctx);
    expect(out.outputs).toMatchObject({ path: db, snapshot: snap.outputs['path'], checksum: 'match' });
    expect(await ids(db, 'tickets')).toEqual(snapIds);
    const kept = out.outputs['kept'] as string;
    expect(kept).toMatch(/tickets\.db\.before-restore-\d{8}T\d{6}Z$/);
    // The kept file is the old database, complete: the new row and the deletion are in it.
    expect(await scalar(kept, 'SELECT count(*) FROM tickets WHERE asunto = ?', ['nuevo'])).toBe(1);
    expect(await scalar(kept, 'SELECT count(*) FROM tickets WHERE id <= 10')).toBe(0);
    expect(existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).length : 0).toBe(0);
    expect(await scalar(db, 'SELECT count(*) FROM tickets WHERE asunto = ?', ['nuevo'])).toBe(0);
    expect(out.evidence?.every((e) => e.pass)).toBe(true);
  });

  it('refuses a snapshot whose checksum does not match, and leaves the database alone', async () => {
    const { db, target } = await setup();
    const snap = await runAction(snapshotAction, {}, makeContext(target));
    const path = snap.outputs['path'] as string;
    writeFileSync(`${path}.sha256`, `${'0'.repeat(64)}  ${basename(path)}\n`);
    const before = await sha256File(db);
    await expect(runAction(restoreSnapshotAction, { snapshot: path }, makeContext(target))).rejects.toThrow(/does not match its recorded sha256/);
    // and, without a path, there is no other verified snapshot to fall back on
    await expect(runAction(restoreSnapshotAction, {}, makeContext(target))).rejects.toThrow(/no verified snapshot/);
    expect(await sha256File(db)).toBe(before);
  });

  it('refuses a damaged snapshot after copying it, and leaves the database alone', async () => {
    const { db, target, dir } = await setup();
    const bad = join(dir, 'bad.db');
    await seededDb(bad, { users: 200, tickets: 1500 });
    const { pages, pageSize } = await leafPages(bad, 'tickets');
    garblePage(bad, pages[2], pageSize);
    const before = await sha256File(db);
    await expect(runAction(restoreSnapshotAction, { snapshot: bad }, makeContext(target))).rejects.toThrow(/failed its integrity check/);
    expect(await sha256File(db)).toBe(before);
    expect(existsSync(`${db}.restoring`)).toBe(false);
  });

  it('puts a database back when its file was lost', async () => {
    const { db, target } = await setup();
    const snap = await runAction(snapshotAction, {}, makeContext(target));
    const { rmSync } = await import('node:fs');
    rmSync(db);
    const out = await runAction(restoreSnapshotAction, {}, makeContext(target));
    expect(out.outputs['kept']).toBeNull();
    expect(await ids(db, 'tickets')).toEqual(await ids(snap.outputs['path'] as string, 'tickets'));
  });

  it('refuses a remote target before touching anything', async () => {
    const target = libsqlTarget('x', { url: 'libsql://tickets-db.turso.io', backups: tempDir() });
    await expect(runAction(restoreSnapshotAction, {}, makeContext(target))).rejects.toThrow(/local libSQL files only/);
    expect(restoreSnapshotAction.destructive).toBe(true);
  });
});

describe('libsql.open-snapshot', () => {
  it('hands the newest verified snapshot on as the restored copy, leaving production and the backup alone', async () => {
    const { db, target } = await setup();
    const snap = (await runAction(snapshotAction, {}, makeContext(target))).outputs;
    await withDb(db, (c) => c.execute('DELETE FROM tickets WHERE usuario_id = 42'));
    // Compared by content: a WAL checkpoint by the last connection to close may rewrite the
    // file's bytes without changing a row.
    const before = { tickets: await ids(db, 'tickets'), notes: await scalar(db, 'SELECT count(*) FROM interacciones') };
    const ctx = makeContext(target);
    const out = await runAction(openSnapshotAction, {}, ctx);
    const copy = out.outputs['path'] as string;
    expect(copy).not.toBe(snap['path']);
    expect(out.outputs).toMatchObject({ snapshot: snap['path'], checksum: 'match', url: `file:${copy}` });
    expect(out.restored).toEqual({ engine: 'libsql', url: `file:${copy}` });
    expect(await ids(copy, 'tickets')).toEqual(await ids(snap['path'] as string, 'tickets'));
    expect({ tickets: await ids(db, 'tickets'), notes: await scalar(db, 'SELECT count(*) FROM interacciones') }).toEqual(before);
    expect(await sha256File(snap['path'] as string)).toBe(snap['sha256']);
    expect(ctx.logged.join('\n')).toMatch(/not in it/);
  });
});
