import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptAction } from '../../../src/actions/common/encrypt.js';
import { dropScratchAction } from '../../../src/actions/postgres/drop-scratch.js';
import { dumpAction } from '../../../src/actions/postgres/dump.js';
import { ensureExtensionsAction } from '../../../src/actions/postgres/ensure-extensions.js';
import { restoreAction, restoreIntoTargetAction } from '../../../src/actions/postgres/restore.js';
import { verifyDumpAction } from '../../../src/actions/postgres/verify-dump.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { withCluster } from '../../helpers/pg.js';
import { makeContext, runAction } from '../libsql/helpers.js';
import { pgTarget, rowCounts, scratchDir, ctxFor, removeRunDirs } from './dump-helpers.js';

const pg = withCluster({ archive: false });
const work = scratchDir();
let target: ReturnType<typeof pgTarget>;
let full: string;

beforeAll(async () => {
  await pg.query('CREATE DATABASE prod');
  await seedPostgres(pg.url('prod'), { rows: 2000, now: new Date('2026-11-22T05:00:00Z') });
  target = pgTarget(pg, 'prod', join(work.dir, 'backups'));
  full = (await runAction(dumpAction, {}, ctxFor(target))).outputs['path'] as string;
});
afterAll(() => {
  work.remove();
  removeRunDirs();
});

const indexesOf = async (db: string, table: string) =>
  (await pg.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1', [table], db)).map((r) => r.indexname);

describe('selective restore (postgres.restore with tables)', () => {
  it('keeps the primary key, indexes and sequence default; FKs to tables not restored are left out without error', async () => {
    const ctx = ctxFor(target);
    const out = await runAction(restoreAction, { path: full, database: 'sel', tables: ['interaction_events'] }, ctx);
    expect(out.outputs['tables']).toEqual(['public.interaction_events']);
    const dropped = out.outputs['dropped_foreign_keys'] as string[];
    expect(dropped).toHaveLength(2);
    expect(dropped.join(' ')).toMatch(/interaction_events_project_id_fkey on public\.interaction_events → public\.projects/);
    expect(ctx.logged.some((l) => l.startsWith('foreign key left out'))).toBe(true);

    expect(await pg.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], 'sel')).toEqual([{ tablename: 'interaction_events' }]);
    expect(await indexesOf('sel', 'interaction_events')).toEqual(await indexesOf('prod', 'interaction_events'));
    expect(await indexesOf('sel', 'interaction_events')).toContain('interaction_events_pkey');
    expect(await rowCounts(pg, 'sel', ['interaction_events'])).toEqual(await rowCounts(pg, 'prod', ['interaction_events']));
    // The sequence came back with its value: an insert without id gets the next free one.
    const [row] = await pg.query<{ id: string }>("INSERT INTO interaction_events (project_id, user_id, user_prompt) VALUES (1, 1, 'after restore') RETURNING id", [], 'sel');
    expect(Number(row!.id)).toBe(2001);
    await expect(pg.query('INSERT INTO interaction_events (id, project_id, user_id, user_prompt) VALUES (5, 1, 1, $1)', ['dup'], 'sel')).rejects.toThrow(/duplicate key/);
  });

  it('FKs between restored tables are kept', async () => {
    await runAction(restoreAction, { path: full, database: 'sel2', tables: ['users', 'projects'] }, ctxFor(target));
    await expect(pg.query("INSERT INTO projects (user_id, name) VALUES (999999, 'orphan')", [], 'sel2')).rejects.toThrow(/foreign key/);
  });

  it('a table the dump does not hold is refused before anything is created', async () => {
    await expect(runAction(restoreAction, { path: full, database: 'sel3', tables: ['ghosts'] }, ctxFor(target))).rejects.toThrow(/does not hold public\.ghosts/);
    expect(await pg.query("SELECT 1 FROM pg_database WHERE datname = 'sel3'")).toEqual([]);
  });

  it('keeps identity columns and quoted names', async () => {
    await pg.query('CREATE TABLE "Odd Name" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, u bigint REFERENCES users (id))', [], 'prod');
    await pg.query('INSERT INTO "Odd Name" (u) SELECT id FROM users LIMIT 3', [], 'prod');
    const dump = (await runAction(dumpAction, { label: 'odd' }, ctxFor(target))).outputs['path'] as string;
    await pg.query('DROP TABLE "Odd Name"', [], 'prod');
    await runAction(restoreAction, { path: dump, database: 'odd', tables: ['Odd Name'] }, ctxFor(target));
    const [row] = await pg.query<{ id: string }>('INSERT INTO "Odd Name" (u) VALUES (1) RETURNING id', [], 'odd');
    expect(Number(row!.id)).toBe(4);
  });
});

describe('full restore', () => {
  it('--clean --if-exists over an existing database brings it back to the dump', async () => {
    await runAction(restoreAction, { path: full, database: 'again' }, ctxFor(target));
    await pg.query('DELETE FROM ia_responses WHERE id > 100', [], 'again');
    await pg.query('CREATE TABLE IF NOT EXISTS users_backup_tmp (x int)', [], 'again');
    await runAction(restoreAction, { path: full, database: 'again' }, ctxFor(target));
    expect(await rowCounts(pg, 'again', ['ia_responses'])).toEqual(await rowCounts(pg, 'prod', ['ia_responses']));
  });

  it('restores through the newest verified dump when no path is given', async () => {
    await runAction(verifyDumpAction, { path: full }, ctxFor(target));
    const out = await runAction(restoreAction, { database: 'latest', jobs: 2 }, ctxFor(target));
    expect(out.outputs['path']).toBe(full);
  });

  it('restores the newest verified encrypted dump when given its passphrase; without one it is refused', async () => {
    const t = pgTarget(pg, 'prod', join(work.dir, 'encrypted'));
    const dump = (await runAction(dumpAction, {}, ctxFor(t))).outputs['path'] as string;
    await runAction(verifyDumpAction, { path: dump }, ctxFor(t));
    process.env['PITSTOP_TEST_RESTORE_PASS'] = 'restore passphrase 42';
    try {
      await runAction(encryptAction, { path: dump, passphrase_env: 'PITSTOP_TEST_RESTORE_PASS', keep_plaintext: false }, ctxFor(t));
      const verified = await runAction(verifyDumpAction, { path: `${dump}.gpg`, passphrase_env: 'PITSTOP_TEST_RESTORE_PASS', require_checksum: true }, ctxFor(t));
      expect(verified.outputs['tables']).toBe(6);
      expect(JSON.parse(readFileSync(`${dump}.gpg.verified`, 'utf8')).method).toMatch(/^decrypted, then/);
      await expect(runAction(verifyDumpAction, { path: `${dump}.gpg` }, ctxFor(t))).rejects.toThrow(/is encrypted and no passphrase was given/);
      await expect(runAction(restoreAction, { database: 'enc_none' }, ctxFor(t))).rejects.toThrow(/no verified full dump/);
      const out = await runAction(restoreAction, { database: 'enc', passphrase_env: 'PITSTOP_TEST_RESTORE_PASS' }, ctxFor(t));
      expect(out.outputs['path']).toBe(`${dump}.gpg`);
      expect(await rowCounts(pg, 'enc', ['users', 'ia_responses'])).toEqual(await rowCounts(pg, 'prod', ['users', 'ia_responses']));
    } finally {
      delete process.env['PITSTOP_TEST_RESTORE_PASS'];
    }
  });

  it('recreate drops only a database pitstop created, never another one with that name', async () => {
    await runAction(restoreAction, { path: full, database: 'scratch_a', recreate: true }, ctxFor(target));
    await pg.query('DELETE FROM ia_responses WHERE id > 10', [], 'scratch_a');
    await runAction(restoreAction, { path: full, database: 'scratch_a', recreate: true }, ctxFor(target));
    expect(await rowCounts(pg, 'scratch_a', ['ia_responses'])).toEqual(await rowCounts(pg, 'prod', ['ia_responses']));

    await pg.query('CREATE DATABASE billing');
    await pg.query('CREATE TABLE invoices (id int)', [], 'billing');
    await expect(runAction(restoreAction, { path: full, database: 'billing', recreate: true }, ctxFor(target))).rejects.toThrow(/recreate refused: database billing exists and was not created by pitstop/);
    expect(await pg.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], 'billing')).toEqual([{ tablename: 'invoices' }]);

    // drop-scratch likewise: pitstop's scratch goes, billing and production stay.
    await expect(runAction(dropScratchAction, { database: 'billing' }, ctxFor(target))).rejects.toThrow(/billing was not created by pitstop/);
    await expect(runAction(dropScratchAction, { database: 'prod' }, ctxFor(target))).rejects.toThrow(/prod is the orquix database itself/);
    expect((await runAction(dropScratchAction, { database: 'scratch_a' }, ctxFor(target))).outputs['dropped']).toBe(true);
    expect((await runAction(dropScratchAction, { database: 'scratch_a' }, ctxFor(target))).outputs['dropped']).toBe(false);
    expect(await pg.query("SELECT datname FROM pg_database WHERE datname IN ('billing', 'prod', 'scratch_a') ORDER BY 1")).toEqual([{ datname: 'billing' }, { datname: 'prod' }]);
  });

  it("never writes into the target's own database; restore-into-target is the destructive one", async () => {
    await expect(runAction(restoreAction, { path: full, database: 'prod' }, ctxFor(target))).rejects.toThrow(/will not write into prod/);
    expect(restoreAction.destructive).toBe(false);
    expect(restoreIntoTargetAction.destructive).toBe(true);
  });
});

describe('extensions are created before the restore (cube)', () => {
  beforeAll(async () => {
    await pg.query('CREATE DATABASE shapes');
    await pg.query('CREATE EXTENSION cube', [], 'shapes');
    await pg.query('CREATE TABLE boxes (id serial PRIMARY KEY, b cube NOT NULL)', [], 'shapes');
    await pg.query('INSERT INTO boxes (b) SELECT cube(array[g, g + 1]) FROM generate_series(1, 50) g', [], 'shapes');
  });

  it('a full dump restores into a database that lacked the extension', async () => {
    const t = pgTarget(pg, 'shapes', join(work.dir, 'shapes'));
    const dump = (await runAction(dumpAction, {}, ctxFor(t))).outputs['path'] as string;
    const out = await runAction(restoreAction, { path: dump, database: 'shapes_copy' }, ctxFor(t));
    expect(out.outputs['extensions_created']).toEqual(['cube']);
    expect(await pg.query("SELECT b::text FROM boxes WHERE id = 1", [], 'shapes_copy')).toEqual([{ b: '(1, 2)' }]);
  });

  it('a table-only dump (pg_dump -t never holds the extension) restores when the target lists it', async () => {
    const bare = pgTarget(pg, 'shapes', join(work.dir, 'shapes'));
    const dump = (await runAction(dumpAction, { tables: ['boxes'], label: 'boxes' }, ctxFor(bare))).outputs['path'] as string;
    await expect(runAction(restoreAction, { path: dump, database: 'no_ext' }, ctxFor(bare))).rejects.toThrow(/type "public\.cube" does not exist|type "cube" does not exist/);
    // Single transaction: the failed restore left nothing behind.
    expect(await pg.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], 'no_ext')).toEqual([]);
    const withExt = pgTarget(pg, 'shapes', join(work.dir, 'shapes'), { extensions: ['cube'] });
    await runAction(restoreAction, { path: dump, database: 'no_ext' }, ctxFor(withExt));
    expect(await rowCounts(pg, 'no_ext', ['boxes'])).toEqual({ boxes: 50 });
  });

  it('ensure-extensions: a missing extension fails and says what to install; a present one is created', async () => {
    const t = pgTarget(pg, 'shapes', join(work.dir, 'shapes'), { extensions: ['cube', 'vector_missing_here'] });
    await expect(runAction(ensureExtensionsAction, { database: 'ext_db_none' }, ctxFor(t))).rejects.toThrow(/cannot connect/);
    await pg.query('CREATE DATABASE ext_db');
    await expect(runAction(ensureExtensionsAction, { database: 'ext_db' }, ctxFor(t))).rejects.toThrow(/vector_missing_here not installed on the server of database ext_db/);
    expect(await pg.query("SELECT extname FROM pg_extension WHERE extname = 'cube'", [], 'ext_db')).toEqual([]);
    const ok = await runAction(ensureExtensionsAction, { database: 'ext_db', extensions: ['pg_trgm'] }, ctxFor(pgTarget(pg, 'shapes', work.dir, { extensions: ['cube'] })));
    expect(ok.outputs['created']).toEqual(['cube', 'pg_trgm']);
  });
});

describe('postgres.restore-into-target', () => {
  it("brings the target's own database back to the dump (full, --clean --if-exists)", async () => {
    await pg.query('CREATE DATABASE victim');
    await seedPostgres(pg.url('victim'), { rows: 500, now: new Date('2026-11-22T05:00:00Z') });
    const t = pgTarget(pg, 'victim', join(work.dir, 'victim'));
    const dump = (await runAction(dumpAction, {}, ctxFor(t))).outputs['path'] as string;
    const before = await rowCounts(pg, 'victim', ['users', 'ia_responses']);
    await pg.query('DELETE FROM ia_responses WHERE id % 2 = 0', [], 'victim');
    const out = await runAction(restoreIntoTargetAction, { path: dump }, ctxFor(t));
    expect(out.outputs['database']).toBe('victim');
    expect(await rowCounts(pg, 'victim', ['users', 'ia_responses'])).toEqual(before);
  });
});
