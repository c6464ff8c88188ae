import { existsSync } from 'node:fs';
import { link, rename, rm } from 'node:fs/promises';
import { openLocal, withClient } from './client.js';

/**
 * Puts `replacement` at `dbPath` with one atomic rename, keeping the old database as `kept`
 * (a hard link made first, so some name always holds a complete old file).
 *
 * The old WAL must leave with the old file: SQLite does not tie a WAL to its database, so a
 * stale `-wal` left next to the new file would be replayed into it and corrupt it. The
 * shared-memory index (`-shm`) is rebuilt by SQLite and is removed.
 */
export async function swapInPlace(
  dbPath: string,
  replacement: string,
  kept: string,
): Promise<{ kept: string | null; keptWal: string | null }> {
  if (!existsSync(dbPath)) {
    await rm(`${dbPath}-wal`, { force: true });
    await rm(`${dbPath}-shm`, { force: true });
    await rename(replacement, dbPath);
    return { kept: null, keptWal: null };
  }
  await checkpointQuietly(dbPath);
  await link(dbPath, kept);
  let keptWal: string | null = null;
  if (existsSync(`${dbPath}-wal`)) {
    keptWal = `${kept}-wal`;
    await rename(`${dbPath}-wal`, keptWal);
  }
  await rm(`${dbPath}-shm`, { force: true });
  await rename(replacement, dbPath);
  return { kept, keptWal };
}

/** Folds the WAL into the old file when it is readable; a damaged file is kept as it is. */
async function checkpointQuietly(dbPath: string): Promise<void> {
  try {
    await withClient(openLocal(dbPath), (client) => client.execute('PRAGMA wal_checkpoint(TRUNCATE)'));
  } catch {
    // damaged or locked: its WAL is moved aside with it instead
  }
}
