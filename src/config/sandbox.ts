import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import type { TargetView } from '../engine/types.js';
import { ensureDir } from './home.js';
import { sandboxData } from './sandbox-data.js';
import { recordSeedSnapshot, seedSnapshot, type SeededSnapshot } from './sandbox-snapshot.js';
import { guardStateAsync } from './state-home.js';
import type { Target } from './schema.js';

/** Fills a new sandbox database (the seed 003 schema and rows, written elsewhere). */
export type SeedSandbox = (client: Client) => Promise<void>;

/** The built-in target's name. */
export const SANDBOX_NAME = 'sandbox';

/** Where the sandbox lives under the state home. */
export function sandboxPaths(home: string): { dir: string; db: string; backups: string } {
  const dir = join(home, 'sandbox');
  return { dir, db: join(dir, 'sandbox.db'), backups: join(dir, 'backups') };
}

/**
 * The built-in target used when there is no pitstop.yaml: a local libSQL file under the
 * state home, so a walkthrough needs no setup at all. It holds the seed 003 system, and
 * describes it with the tickets example's `data:` and `params:`.
 */
export function sandboxTarget(home: string): Target {
  const paths = sandboxPaths(home);
  return { name: SANDBOX_NAME, engine: 'libsql', url: `file:${paths.db}`, backups: paths.backups, ...structuredClone(sandboxData()), builtin: true, secrets: [] };
}

/**
 * Creates the sandbox directory, its backups directory and the database if missing. A new
 * database is built (and seeded, if `seed` is given) under a temporary name and renamed
 * into place, so a seed that fails half-way never leaves a half-made sandbox behind. A
 * seeded sandbox gets its first verified snapshot at once: the restore runbooks work on it
 * from the first minute. Returns true when the database was created now.
 */
export async function ensureSandbox(home: string, seed?: SeedSandbox): Promise<boolean> {
  const paths = sandboxPaths(home);
  return guardStateAsync({ what: 'the sandbox database', dir: paths.dir }, () => buildSandbox(home, paths, seed));
}

async function buildSandbox(home: string, paths: ReturnType<typeof sandboxPaths>, seed?: SeedSandbox): Promise<boolean> {
  ensureDir(paths.dir);
  ensureDir(paths.backups);
  if (existsSync(paths.db)) return false;

  const building = `${paths.db}.building-${process.pid}`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  const { createClient } = await import('@libsql/client');
  const client = createClient({ url: `file:${building}` });
  let snapshot: { taken: SeededSnapshot; startedAt: Date; finishedAt: Date } | undefined;
  try {
    // Any statement makes the file; user_version marks it as a pitstop sandbox.
    await client.execute('PRAGMA user_version = 1');
    if (seed) await seed(client);
    // A WAL-mode seed leaves rows in `-wal` under the temporary name: fold them into the file first.
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    if (seed) {
      const startedAt = new Date();
      snapshot = { taken: await seedSnapshot(client, paths.backups, startedAt), startedAt, finishedAt: new Date() };
    }
  } catch (error) {
    client.close();
    for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
    throw error;
  }
  client.close();
  // Emptied by the checkpoint; only the main file moves.
  for (const f of [`${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  renameSync(building, paths.db);
  // Recorded once the sandbox is in place: `pitstop status` counts it as a backup.
  if (snapshot) await recordSeedSnapshot(home, snapshot.taken, snapshot.startedAt, snapshot.finishedAt);
  return true;
}

/**
 * What the engine and the runbook templates see of a target: name, engine and every
 * configured field (`{{ target.backups }}`, `{{ target.auth_token }}` …). `secrets` (the
 * list of values to mask) and `builtin` are left out. Secret values do appear here because
 * a command may need them (a token in its environment); every place that prints or journals
 * a view runs it through the run's redactor, which knows `target.secrets`.
 */
export function targetView(target: Target): TargetView {
  const { secrets: _secrets, builtin: _builtin, ...fields } = target;
  return structuredClone(fields) as TargetView;
}
