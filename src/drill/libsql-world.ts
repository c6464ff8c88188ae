import { copyFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Client } from '@libsql/client';
import { ensureDir } from '../config/home.js';
import { sandboxData } from '../config/sandbox-data.js';
import { seedSandbox } from '../sandbox/seed.js';
import { buildIdentity } from '../util/build-identity.js';
import { readKeys } from './libsql-keys.js';
import type { DrillWorld, KeySnapshot } from './types.js';

/** The name of the one target a drill's targets file defines. */
export const DRILL_TARGET = 'drill';

/** A libSQL world: one database file seeded with the sandbox's schema and rows, and its backups. */
export interface LibsqlWorld extends DrillWorld {
  readonly engine: 'libsql';
  readonly db: string;
  readonly url: string;
  readonly backups: string;
  /** A client of the world's database, opened on first use (closed by `close`). */
  client(): Promise<Client>;
}

/** A world's own schema and rows instead of the seed's (`--from-target`), and the `data:`/`params:` that describe them. */
export interface OwnData {
  fill(client: Client): Promise<void>;
  fields: { data?: unknown; params?: unknown };
}

/**
 * Builds the world under `dir` (made now): `drill.db` seeded like the sandbox (a copy of the
 * cached seeded database when there is one), `backups/`, and
 * `pitstop.yaml` defining the target `drill` with the sandbox's `data:` and `params:` — so the
 * drill's runs never load the operator's own targets file. With `own` (`--from-target`), the
 * database is filled by `own.fill` instead and the target gets `own.fields`.
 */
export async function buildLibsqlWorld(dir: string, now: Date, home: string, own?: OwnData): Promise<LibsqlWorld> {
  ensureDir(dir);
  const db = join(dir, 'drill.db');
  const backups = ensureDir(join(dir, 'backups'));
  const url = `file:${db}`;
  const { createClient } = await import('@libsql/client');
  const template = seededTemplate(home);
  if (!own && existsSync(template)) copyFileSync(template, db);
  let open: Client | undefined = createClient({ url });
  if (own) await own.fill(open);
  else if (!existsSync(template)) {
    await open.execute('PRAGMA user_version = 1');
    await seedSandbox(open, { now });
    saveTemplate(db, template);
  }
  const target = { engine: 'libsql', url, backups, ...structuredClone(own ? own.fields : sandboxData()) };
  const configFile = join(dir, 'pitstop.yaml');
  // JSON is YAML: no serializer needed, and nothing in it needs quoting rules of its own.
  writeFileSync(configFile, `${JSON.stringify({ targets: { [DRILL_TARGET]: target } }, null, 2)}\n`, { mode: 0o600 });
  const client = async (): Promise<Client> => {
    open ??= createClient({ url });
    return open;
  };
  return {
    engine: 'libsql',
    dir,
    db,
    url,
    backups,
    configFile,
    source: 'snapshot',
    client,
    async keys(): Promise<KeySnapshot> {
      return readKeys(await client());
    },
    async close() {
      open?.close();
      open = undefined;
    },
  };
}

/**
 * A seeded database kept in the cache (what pitstop can rebuild): generating ~14,000 rows is
 * most of a world's cost, and a copy takes milliseconds. Per build, so a new seed is used at
 * once. Its rows are dated from when it was made, which no drill depends on.
 */
function seededTemplate(home: string): string {
  return join(home, 'cache', `drill-libsql-${buildIdentity().replace(/[^A-Za-z0-9.-]/g, '_')}.db`);
}

/** Copies a freshly seeded database (WAL folded in by the seed) to the cache, whole or not at all. */
function saveTemplate(db: string, template: string): void {
  ensureDir(dirname(template));
  const partial = `${template}.${process.pid}.partial`;
  copyFileSync(db, partial);
  renameSync(partial, template);
}
