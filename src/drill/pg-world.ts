import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDir } from '../config/home.js';
import { startCluster, type Cluster } from '../postgres/cluster.js';
import { ownerCanEnter, postgresOwner } from '../postgres/server-env.js';
import { seedPostgres } from '../sandbox/pg-seed.js';
import { quoteIdent } from '../util/sql-ident.js';
import { DRILL_TARGET } from './libsql-world.js';
import { readPgKeys } from './pg-keys.js';
import { pgWorldData } from './pg-world-data.js';
import type { DrillWorld, KeySnapshot } from './types.js';

/** The world's server time zone: UTC−06:00 all year (the page's `WORLD_OFFSET_MINUTES`), never UTC. */
export const PG_WORLD_TIMEZONE = 'America/Mexico_City';

/** A PostgreSQL world: a throwaway cluster seeded with the seed schema, its backups and its WAL archive. */
export interface PgWorld extends DrillWorld {
  readonly engine: 'postgres';
  readonly cluster: Cluster;
  /** The seeded database's URL (a unix socket in the world). */
  readonly url: string;
  readonly backups: string;
  /** A new connection to the seeded database; the caller ends it. */
  connect(): Promise<pg.Client>;
}

/** How a PostgreSQL world is seeded. */
export interface PgWorldOptions {
  /** "Now" for the seeded rows. */
  now: Date;
  /** Seed size: interaction events (the other tables scale from it). */
  rows?: number;
  /** Foreign keys into this table become ON DELETE CASCADE, so a deletion takes child rows with it. */
  cascadeFrom?: string;
  /** `--from-target`: the database is made by `fill` (returning the extensions it created) instead of the seed, and the target gets `fields`. */
  own?: { fill(url: string): Promise<string[]>; fields: { data?: unknown; params?: unknown } };
}

/**
 * Builds the world under `dir`: a cluster (data checksums, WAL archived, its own port and
 * socket, the server in `America/Mexico_City`), the seed's schema and rows (pgvector when the
 * server has it), `backups/`, and `pitstop.yaml` defining the target `drill` with the restore
 * directory, the WAL archive and the seed system's `data:`/`params:`. On failure nothing runs.
 */
export async function buildPgWorld(dir: string, opts: PgWorldOptions): Promise<PgWorld> {
  ensureDir(dir);
  const root = serverRoot(dir);
  const backups = ensureDir(join(dir, 'backups'));
  const restore = join(root, 'restore');
  mkdirSync(restore, { recursive: true, mode: 0o755 });
  // fsync off: a drill's world is rebuilt, never recovered from a power cut; it halves the seed's time.
  const cluster = await startCluster({ dir: join(root, 'cluster'), timezone: PG_WORLD_TIMEZONE, extraConf: { fsync: 'off' } });
  const url = cluster.url();
  let extensions: string[];
  try {
    if (opts.own) extensions = await opts.own.fill(url);
    else {
      const seeded = await seedPostgres(url, { now: opts.now, ...(opts.rows ? { rows: opts.rows } : {}) });
      extensions = seeded.embeddingType.startsWith('vector') ? ['vector'] : [];
    }
    if (opts.cascadeFrom) await cascadeInto(url, opts.cascadeFrom);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const target = {
    engine: 'postgres',
    url,
    backups,
    wal_archive: cluster.archiveDir!,
    restore: { data_dir: restore },
    ...(extensions.length > 0 ? { extensions } : {}),
    ...(opts.own ? opts.own.fields : pgWorldData()),
  };
  const configFile = join(dir, 'pitstop.yaml');
  // JSON is YAML: no serializer needed.
  writeFileSync(configFile, `${JSON.stringify({ targets: { [DRILL_TARGET]: target } }, null, 2)}\n`, { mode: 0o600 });
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  return {
    engine: 'postgres',
    dir,
    configFile,
    source: 'base',
    cluster,
    url,
    backups,
    connect,
    async keys(): Promise<KeySnapshot> {
      const client = await connect();
      try {
        return await readPgKeys(client);
      } finally {
        await client.end();
      }
    },
    // pg_ctl stop -m fast, then SIGQUIT by the pid file: the server never outlives the drill.
    close: () => cluster.stop(),
  };
}

/** The name, in a world, of the directory the server's files are in (or of the link to it). */
const SERVER_DIR = 'pg';

/**
 * Where the server's files go: `<world>/pg`. As root the server runs as `postgres`, which
 * cannot enter a private state home; then they go to a new directory under the system temp
 * dir, linked from `<world>/pg` so `removePgServerFiles` finds it.
 */
function serverRoot(worldDir: string): string {
  const inWorld = join(worldDir, SERVER_DIR);
  const owner = postgresOwner();
  if (!owner || ownerCanEnter(worldDir, owner)) return ensureDir(inWorld);
  const outside = mkdtempSync(join(tmpdir(), 'pitstop-drill-pg-'));
  chmodSync(outside, 0o711);
  symlinkSync(outside, inWorld);
  return outside;
}

/**
 * Before a world is removed: every server still running in it (the world's cluster, a copy
 * a recovery restored) is stopped by the pid in its `postmaster.pid` — SIGQUIT, waited for —
 * and the server's directory is removed when it lives outside the world (the world's removal
 * takes the link only). Synchronous, so it also runs on the way out of an interrupted drill.
 */
export function removePgServerFiles(worldDir: string): void {
  const link = join(worldDir, SERVER_DIR);
  if (!existsSync(link)) return;
  const root = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : link;
  const restored = existsSync(join(root, 'restore')) ? readdirSync(join(root, 'restore')).map((copy) => join(root, 'restore', copy, 'data')) : [];
  for (const dataDir of [join(root, 'cluster', 'data'), ...restored]) stopServerNow(dataDir);
  if (root !== link) rmSync(root, { recursive: true, force: true });
}

/** How long a server is given to exit after SIGQUIT before its files are removed anyway. */
const QUIT_WAIT_MS = 10_000;

function stopServerNow(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return; // a stale pid file: the server is gone already
  }
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + QUIT_WAIT_MS; running(pid) && Date.now() < deadline; ) Atomics.wait(pause, 0, 0, 20);
}

/** Whether the process runs (a zombie does not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Every foreign key into `table` that does nothing on delete becomes ON DELETE CASCADE (one transaction). */
async function cascadeInto(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rs = await client.query<{ child: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS child, conname AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass AND confdeltype = 'a' ORDER BY 1, 2`,
      [quoteIdent(table)],
    );
    await client.query('BEGIN');
    for (const fk of rs.rows) {
      await client.query(`ALTER TABLE ${fk.child} DROP CONSTRAINT ${quoteIdent(fk.name)}, ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.def} ON DELETE CASCADE`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
