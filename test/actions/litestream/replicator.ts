import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { litestreamBinary } from '../../../src/actions/litestream/binary.js';
import { waitFor } from '../../helpers/procs.js';

/**
 * A real `litestream replicate` of one database into a file replica, as the service a team
 * runs: started by a test, stopped by `stopReplicator` (call it in afterEach).
 */
let replicator: ChildProcess | null = null;

/** How many snapshots the replica holds, over all its generations. */
function replicaSnapshotCount(replicaDir: string): number {
  const generations = join(replicaDir, 'generations');
  if (!existsSync(generations)) return 0;
  return readdirSync(generations).reduce((n, g) => n + (existsSync(join(generations, g, 'snapshots')) ? readdirSync(join(generations, g, 'snapshots')).length : 0), 0);
}

/** Starts replicating `db` into `replicaDir` and returns once the replica has its first snapshot. */
export async function startReplicator(db: string, replicaDir: string): Promise<void> {
  await stopReplicator();
  replicator = spawn(litestreamBinary(), ['replicate', db, `file://${replicaDir}`], { stdio: 'ignore' });
  await waitFor(() => replicaSnapshotCount(replicaDir) > 0, 'the first snapshot of the replica');
}

/** Stops the replicator this file started, if it still runs, and waits for it to exit. */
export async function stopReplicator(): Promise<void> {
  if (replicator && replicator.exitCode === null) {
    const exited = new Promise((r) => replicator!.once('exit', r));
    replicator.kill('SIGTERM');
    await exited;
  }
  replicator = null;
}
