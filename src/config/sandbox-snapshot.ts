import { chmod, stat } from 'node:fs/promises';
import type { Client } from '@libsql/client';
import { sha256File, writeChecksum } from '../actions/common/sha256.js';
import { newSnapshotPath } from '../actions/libsql/snapshots.js';

/**
 * Takes the first snapshot of a sandbox just built, as `libsql.snapshot` names and checksums
 * them (`sandbox-<UTC stamp>.db` and its `.sha256`), so that a runbook restoring from a
 * snapshot works on a fresh sandbox without running libsql-backup first. Returns what
 * `pitstop status` needs of it: where, its checksum and size.
 */
export async function seedSnapshot(client: Client, backups: string, at: Date): Promise<SeededSnapshot> {
  const path = newSnapshotPath(backups, 'sandbox', at);
  await client.execute({ sql: 'VACUUM INTO ?', args: [path] });
  await chmod(path, 0o600);
  const sha256 = await sha256File(path);
  const checksum = await writeChecksum(path, sha256);
  await chmod(checksum, 0o600);
  return { path, sha256, size: (await stat(path)).size };
}

/** The sandbox's first snapshot, as taken. */
export interface SeededSnapshot {
  path: string;
  sha256: string;
  size: number;
}

/** The key of the seed snapshot in the artifact index (it names no run: none made it). */
export const SEED_SNAPSHOT_KEY = 'sandbox-seed';

/**
 * Records the seed snapshot in the artifact index, verified when taken (integrity-checked
 * database, checksum written), so `pitstop status` on a fresh sandbox has a backup to show.
 */
export async function recordSeedSnapshot(home: string, snapshot: SeededSnapshot, startedAt: Date, finishedAt: Date): Promise<void> {
  const { recordArtifact } = await import('../artifacts/index.js');
  const finished = finishedAt.toISOString();
  recordArtifact(home, SEED_SNAPSHOT_KEY, {
    kind: 'snapshot',
    target: 'sandbox',
    path: snapshot.path,
    size: snapshot.size,
    sha256: snapshot.sha256,
    startedAt: startedAt.toISOString(),
    finishedAt: finished,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    runId: SEED_SNAPSHOT_KEY,
    runbookId: SEED_SNAPSHOT_KEY,
    verifiedAt: finished,
    verifiedBy: SEED_SNAPSHOT_KEY,
  });
}
