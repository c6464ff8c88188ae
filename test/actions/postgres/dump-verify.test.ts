import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpAction } from '../../../src/actions/postgres/dump.js';
import { restoreAction } from '../../../src/actions/postgres/restore.js';
import { verifyDumpAction } from '../../../src/actions/postgres/verify-dump.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { withCluster } from '../../helpers/pg.js';
import { makeContext, runAction } from '../libsql/helpers.js';
import { pgTarget, rowCounts, scratchDir, ctxFor, removeRunDirs } from './dump-helpers.js';

const pg = withCluster({ archive: false });
const work = scratchDir();
const NOW = new Date('2026-11-22T05:00:00Z');
let target: ReturnType<typeof pgTarget>;
let good: string;

beforeAll(async () => {
  await pg.query('CREATE DATABASE prod');
  await seedPostgres(pg.url('prod'), { rows: 20_000, now: NOW });
  target = pgTarget(pg, 'prod', join(work.dir, 'backups'));
  const out = await runAction(dumpAction, {}, ctxFor(target));
  good = out.outputs['path'] as string;
});
afterAll(() => {
  work.remove();
  removeRunDirs();
});

/** A copy of the good dump without its checksum, so only pg_restore can notice the damage. */
function damagedCopy(name: string, damage: (path: string) => void): string {
  const path = join(work.dir, name);
  copyFileSync(good, path);
  damage(path);
  return path;
}

function flipBytes(path: string, at: number, length = 64): void {
  const fd = openSync(path, 'r+');
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 37 + 11) & 0xff;
  writeSync(fd, bytes, 0, length, at);
  closeSync(fd);
}

describe('postgres.dump', () => {
  it('writes a 0600 custom-format dump under a UTC name in the backups directory, with sha256 and entry counts', async () => {
    expect(good).toMatch(/\/backups\/orquix-full-\d{8}T\d{6}Z\.dump$/);
    expect(statSync(good).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${good}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}orquix-full-.*\.dump\n$/);
    expect(readdirSync(join(work.dir, 'backups')).some((n) => n.endsWith('.partial'))).toBe(false);
  });

  it("a set name takes its tables from the target's data.sets, and names the dump after the set", async () => {
    const withSets = { ...target, data: { sets: { critical: ['users', 'projects'] } } };
    const out = await runAction(dumpAction, { set: 'critical' }, ctxFor(withSets));
    expect(out.outputs['path']).toMatch(/orquix-critical-\d{8}T\d{6}Z\.dump$/);
    expect((out.outputs['entries'] as Record<string, number>)['TABLE DATA']).toBe(2);
    expect(out.outputs['set']).toBe('critical');
    expect(dumpAction.describe(dumpAction.args.parse({ set: 'critical' }), withSets).join('\n')).toContain('-t users -t projects');
  });

  it('a set the target does not define is refused before pg_dump runs, naming data.sets.NAME with an example', async () => {
    const before = readdirSync(join(work.dir, 'backups')).length;
    await expect(runAction(dumpAction, { set: 'embeddings' }, ctxFor(target))).rejects.toMatchObject({
      message: expect.stringContaining('data.sets.embeddings'),
      hint: expect.stringContaining('sets: { embeddings: ['),
    });
    expect(readdirSync(join(work.dir, 'backups')).length).toBe(before);
    expect(() => dumpAction.args.parse({ set: 'critical', tables: ['users'] })).toThrow(/set or tables/);
  });

  it('reports the entries by type, and a table filter keeps only those tables', async () => {
    const out = await runAction(dumpAction, { tables: ['users', 'projects'], label: 'critical', compress: 9 }, ctxFor(target));
    expect(out.outputs['path']).toMatch(/orquix-critical-/);
    expect((out.outputs['entries'] as Record<string, number>)['TABLE DATA']).toBe(2);
    expect(out.outputs['sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('directory format with parallel jobs: a 0700 directory of 0600 files and a per-file checksum list', async () => {
    const out = await runAction(dumpAction, { format: 'directory', jobs: 2, label: 'dir' }, ctxFor(target));
    const dir = out.outputs['path'] as string;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${dir}.sha256`, 'utf8').split('\n').filter(Boolean).length).toBe(readdirSync(dir).length);
    const verified = await runAction(verifyDumpAction, { path: dir, require_checksum: true }, ctxFor(target));
    expect(verified.outputs['verified']).toBe(true);
    await runAction(restoreAction, { path: dir, database: 'from_dir', jobs: 2 }, ctxFor(target));
    const tables = ['users', 'interaction_events', 'context_chunks'];
    expect(await rowCounts(pg, 'from_dir', tables)).toEqual(await rowCounts(pg, 'prod', tables));

    // A data file of the directory changed after the dump: the per-file checksum list names it.
    const data = readdirSync(dir).find((n) => n.endsWith('.dat.gz'))!;
    flipBytes(join(dir, data), 20, 4);
    await expect(runAction(verifyDumpAction, { path: dir }, ctxFor(target))).rejects.toThrow(new RegExp(`SHA-256 does not match .*${data.replace('.', '\\.')}`));
  });

  it('a password in the target url reaches pg_dump and pg_restore through PGPASSWORD, never argv', async () => {
    const secret = 'pw-in-url-7781';
    const withPassword = pgTarget(pg, 'prod', join(work.dir, 'pw'), { url: pg.url('prod').replace('postgres@', `postgres:${secret}@`), secrets: [secret] });
    const ctx = ctxFor(withPassword);
    const seen: { argv: string[]; env?: Record<string, string> }[] = [];
    const inner = ctx.commands;
    ctx.commands = { run: (request, c) => (seen.push({ argv: request.argv, ...(request.env ? { env: request.env } : {}) }), inner.run(request, c)) };
    const out = await runAction(dumpAction, { tables: ['users'] }, ctx);
    await runAction(restoreAction, { path: out.outputs['path'], database: 'pw_copy' }, ctx);
    const dump = seen.find((s) => s.argv[0]!.endsWith('pg_dump'))!;
    expect(dump.env).toEqual({ PGPASSWORD: secret });
    expect(seen.some((s) => s.argv[0]!.endsWith('pg_restore') && s.argv.includes('--dbname'))).toBe(true);
    for (const s of seen) expect(s.argv.join(' ')).not.toContain(secret);
  });

  it('writes to a given path (creating its directory) and never overwrites an existing file', async () => {
    const path = join(work.dir, 'exact', 'sub', 'manual.dump');
    const out = await runAction(dumpAction, { path, tables: ['projects'] }, ctxFor(target));
    expect(out.outputs['path']).toBe(path);
    expect(existsSync(`${path}.sha256`)).toBe(true);
    await expect(runAction(dumpAction, { path }, ctxFor(target))).rejects.toThrow(/already exists/);
  });

  it('a table name that matches nothing fails and leaves no file behind', async () => {
    const before = readdirSync(join(work.dir, 'backups')).length;
    await expect(runAction(dumpAction, { tables: ['no_such_table'], label: 'typo' }, ctxFor(target))).rejects.toThrow(/pg_dump of orquix.*no matching tables/s);
    expect(readdirSync(join(work.dir, 'backups')).length).toBe(before);
  });
});

describe('postgres.verify-dump', () => {
  it('a good dump passes and gets its .verified marker with the checksum it had', async () => {
    const out = await runAction(verifyDumpAction, { path: good, require_checksum: true }, ctxFor(target));
    expect(out.outputs['checksum']).toBe('match');
    expect(out.outputs['tables']).toBe(6);
    const marker = JSON.parse(readFileSync(`${good}.verified`, 'utf8'));
    expect(marker.sha256).toBe(readFileSync(`${good}.sha256`, 'utf8').slice(0, 64));
  });

  it('a truncated dump still lists, but fails verification with a message naming the file; no marker', async () => {
    const path = damagedCopy('truncated.dump', (p) => truncateSync(p, Math.floor(statSync(p).size * 0.6)));
    await expect(runAction(verifyDumpAction, { path }, ctxFor(target))).rejects.toThrow(new RegExp(`dump ${path} is damaged: reading its data failed`));
    expect(existsSync(`${path}.verified`)).toBe(false);
  });

  it('bytes flipped inside the compressed data fail verification even without a recorded checksum', async () => {
    const path = damagedCopy('flipped.dump', (p) => flipBytes(p, Math.floor(statSync(p).size * 0.5)));
    await expect(runAction(verifyDumpAction, { path }, ctxFor(target))).rejects.toThrow(/flipped\.dump is damaged: reading its data failed/);
  });

  it('with a recorded checksum, any changed byte fails on the checksum first', async () => {
    const path = damagedCopy('flipped-sum.dump', (p) => flipBytes(p, Math.floor(statSync(p).size * 0.9), 1));
    copyFileSync(`${good}.sha256`, `${path}.sha256`);
    await expect(runAction(verifyDumpAction, { path }, ctxFor(target))).rejects.toThrow(/is damaged: its SHA-256 does not match the recorded one/);
  });

  it('a missing file is named', async () => {
    await expect(runAction(verifyDumpAction, { path: join(work.dir, 'nope.dump') }, ctxFor(target))).rejects.toThrow(/dump not found: .*nope\.dump/);
  });
});

describe('postgres.restore of a damaged dump', () => {
  it('fails before touching the destination: the database is unchanged', async () => {
    await pg.query('CREATE DATABASE dest');
    await pg.query("CREATE TABLE users (id int PRIMARY KEY, note text); INSERT INTO users VALUES (1, 'keep me')", [], 'dest');
    for (const name of ['truncated.dump', 'flipped.dump']) {
      const path = join(work.dir, name);
      await expect(runAction(restoreAction, { path, database: 'dest' }, ctxFor(target))).rejects.toThrow(/is damaged/);
      await expect(runAction(restoreAction, { path, database: 'dest_new' }, ctxFor(target))).rejects.toThrow(/is damaged/);
    }
    expect(await pg.query('SELECT id, note FROM users', [], 'dest')).toEqual([{ id: 1, note: 'keep me' }]);
    const tables = await pg.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'", [], 'dest');
    expect(tables[0]!.n).toBe('1');
    expect(await pg.query("SELECT 1 FROM pg_database WHERE datname = 'dest_new'")).toEqual([]);
  });

  it('restores the good one into a new database with every row', async () => {
    const out = await runAction(restoreAction, { path: good, database: 'copy1' }, ctxFor(target));
    expect(out.restored?.url).toContain('/copy1?');
    const tables = ['users', 'projects', 'interaction_events', 'moderated_syntheses', 'context_chunks', 'ia_responses'];
    expect(await rowCounts(pg, 'copy1', tables)).toEqual(await rowCounts(pg, 'prod', tables));
  });
});
