import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSnapshotAction } from '../../../src/actions/libsql/open-snapshot.js';
import { restoreSnapshotAction } from '../../../src/actions/libsql/restore-snapshot.js';
import { snapshotAction } from '../../../src/actions/libsql/snapshot.js';
import { tursoExportAction } from '../../../src/actions/turso/export.js';
import { libsqlTarget, makeContext, runAction, tempDir, TURSO_STUB_DIR } from './helpers.js';
import { otherSchemaDb } from './other-schema.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

async function shop() {
  const dir = tempDir();
  const db = join(dir, 'shop.db');
  await otherSchemaDb(db, { customers: 5, orders: 20 });
  return { dir, db };
}

describe('libSQL backups are private: files 0600 in a 0700 directory', () => {
  it('a snapshot and its checksum in a new backups directory', async () => {
    const { dir, db } = await shop();
    const backups = join(dir, 'nested', 'backups');
    const out = await runAction(snapshotAction, {}, makeContext(libsqlTarget(db, { name: 'shop', backups })));
    const path = out.outputs['path'] as string;
    expect(mode(path)).toBe('0600');
    expect(mode(`${path}.sha256`)).toBe('0600');
    expect(mode(backups)).toBe('0700');
  });

  it('an existing backups directory open to others is tightened, and the step says so', async () => {
    const { dir, db } = await shop();
    const backups = join(dir, 'backups');
    mkdirSync(backups);
    chmodSync(backups, 0o755);
    const ctx = makeContext(libsqlTarget(db, { name: 'shop', backups }));
    const out = await runAction(snapshotAction, {}, ctx);
    expect(mode(backups)).toBe('0700');
    expect(out.outputs).toMatchObject({ dir_mode: '0700', dir_tightened_from: '0755' });
    expect(ctx.logged.join('\n')).toMatch(/backups directory .* was 0755: now 0700/);

    // The working copy the accidental-deletion runbook opens holds production data too.
    const copy = await runAction(openSnapshotAction, {}, makeContext(libsqlTarget(db, { name: 'shop', backups })));
    expect(mode(copy.outputs['path'] as string)).toBe('0600');
  });

  it('a private snapshot restored over the database takes the database file its mode, not the backup its 0600', async () => {
    const { dir, db } = await shop();
    chmodSync(db, 0o640); // the application's group reads it
    const target = libsqlTarget(db, { name: 'shop', backups: join(dir, 'backups') });
    await runAction(snapshotAction, {}, makeContext(target));
    await runAction(restoreSnapshotAction, {}, makeContext(target));
    expect(mode(db)).toBe('0640');
  });

  it('a Turso export and its checksum', async () => {
    const { dir } = await shop();
    const cloud = tempDir('pitstop-turso-');
    await otherSchemaDb(join(cloud, 'shop-db.db'), { customers: 5, orders: 20 });
    const backups = join(dir, 'exports');
    const target = libsqlTarget(join(cloud, 'shop-db.db'), { name: 'shop', backups, turso: { database: 'shop-db' } });
    const ctx = makeContext(target, { env: { PATH: `${TURSO_STUB_DIR}:${process.env['PATH']}`, TURSO_STUB_DIR: cloud } });
    const out = await runAction(tursoExportAction, {}, ctx);
    const path = out.outputs['path'] as string;
    expect(mode(path)).toBe('0600');
    expect(mode(`${path}.sha256`)).toBe('0600');
    expect(mode(backups)).toBe('0700');
  });
});
