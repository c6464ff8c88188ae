import { chmod } from 'node:fs/promises';
import type { Client } from '@libsql/client';
import { sha256File, writeChecksum } from '../actions/common/sha256.js';
import { newSnapshotPath } from '../actions/libsql/snapshots.js';

/**
 * Takes the first snapshot of a sandbox just built, as `libsql.snapshot` names and checksums
 * them (`sandbox-<UTC stamp>.db` and its `.sha256`), so that a runbook restoring from a
 * snapshot works on a fresh sandbox without running libsql-backup first. Returns its path.
 */
export async function seedSnapshot(client: Client, backups: string, at: Date): Promise<string> {
  const path = newSnapshotPath(backups, 'sandbox', at);
  await client.execute({ sql: 'VACUUM INTO ?', args: [path] });
  await chmod(path, 0o600);
  const checksum = await writeChecksum(path, await sha256File(path));
  await chmod(checksum, 0o600);
  return path;
}
