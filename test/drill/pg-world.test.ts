import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { buildPgWorld, PG_WORLD_TIMEZONE, type PgWorld } from '../../src/drill/pg-world.js';
import { removeWorld } from '../../src/drill/worlds.js';
import { PG_SEED_TABLES } from '../../src/sandbox/pg-seed.js';
import { queryOnce } from '../helpers/pg.js';
import { alive, waitFor } from '../helpers/procs.js';

const home = mkdtempSync(join(tmpdir(), 'pitstop-pg-world-'));
let world: PgWorld | undefined;

afterAll(async () => {
  await world?.close();
  if (world) removeWorld(world.dir);
  rmSync(home, { recursive: true, force: true });
});

describe('the PostgreSQL drill world', () => {
  it('builds a seeded cluster (checksums, WAL archive, own socket, a non-UTC zone), reads every key, and stops by close()', async () => {
    // A private state home, as pitstop makes it: as root, the server's files cannot live under it.
    const dir = join(home, 'drills', 'd1', 'world');
    world = await buildPgWorld(dir, { now: new Date('2026-11-20T12:00:00Z'), rows: 200, cascadeFrom: 'interaction_events' });
    const sql = <T extends Record<string, unknown>>(q: string) => queryOnce<T>(world!.url, q);

    const [settings] = await sql<Record<string, string>>(
      "SELECT current_setting('data_checksums') AS checksums, current_setting('archive_mode') AS archive, current_setting('TimeZone') AS tz, current_setting('listen_addresses') AS listen, to_char(now(), 'OF') AS offset",
    );
    expect(settings).toEqual({ checksums: 'on', archive: 'on', tz: PG_WORLD_TIMEZONE, listen: '', offset: '-06' });
    expect(world.url).toContain(encodeURIComponent(world.cluster.socketDir).replaceAll('%2F', '/'));
    expect(realpathSync(world.cluster.baseDir).startsWith(realpathSync(join(dir, 'pg')))).toBe(true);

    // Every foreign key into the deletion's table cascades now; the others are as seeded.
    const fks = await sql<{ child: string; del: string }>("SELECT conrelid::regclass::text AS child, confdeltype AS del FROM pg_constraint WHERE contype = 'f' AND confrelid = 'interaction_events'::regclass ORDER BY 1");
    expect(fks).toEqual([{ child: 'ia_responses', del: 'c' }, { child: 'moderated_syntheses', del: 'c' }]);

    const keys = await world.keys();
    expect(Object.keys(keys).sort()).toEqual([...PG_SEED_TABLES].sort());
    expect(keys['interaction_events']).toHaveLength(200);
    expect(keys['users']!.slice(0, 3)).toEqual([1, 2, 3]);
    const [count] = await sql<{ n: string }>('SELECT count(*) AS n FROM ia_responses');
    expect(keys['ia_responses']).toHaveLength(Number(count!.n));

    // The targets file defines `drill` and nothing else, loadable as any pitstop.yaml.
    const config = loadConfig({ file: world.configFile, home, env: {} });
    expect(config.names).toEqual(['drill']);
    const target = config.getTarget('drill');
    expect(target).toMatchObject({ engine: 'postgres', url: world.url, backups: world.backups, wal_archive: world.cluster.archiveDir });
    expect(target.params?.['pg-accidental-deletion']).toEqual({ table: 'interaction_events' });

    // Keys of any shape: several columns (their JSON, in key order), text, or none (the whole row, so rows still count).
    await sql('CREATE SCHEMA app');
    await sql('CREATE TABLE app.pairs (a int, b text, PRIMARY KEY (b, a))');
    await sql("INSERT INTO app.pairs VALUES (2, 'x'), (1, 'y'), (1, 'x')");
    await sql('CREATE TABLE loose (v text)');
    await sql("INSERT INTO loose VALUES ('b'), ('a'), ('a')");
    await sql('CREATE TABLE app."odd.name" ("k.1" int PRIMARY KEY)');
    await sql('CREATE TABLE app.bag (v int)');
    await sql('INSERT INTO app."odd.name" VALUES (3), (1)');
    await sql('INSERT INTO app.bag VALUES (7)');
    const more = await world.keys();
    expect(more['app.pairs']).toEqual(['["x",1]', '["x",2]', '["y",1]']);
    expect(more['loose']).toEqual(['(a)', '(a)', '(b)']);
    expect(more['app.bag']).toEqual(['(7)']);
    expect(more['app.odd.name']).toEqual([1, 3]);

    const pid = Number(readFileSync(join(world.cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(pid)).toBe(true);
    await world.close();
    // The postmaster exits just after removing its pid file.
    await waitFor(() => !alive(pid), `the world's server (pid ${pid}) to exit`, 10_000);
    const serverFiles = realpathSync(join(dir, 'pg'));
    removeWorld(dir);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(serverFiles)).toBe(false);
    world = undefined;
  }, 120_000);
});
