import { rmSync } from 'node:fs';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { clusterTarget, makePgContext, type PgTestContext, tempDir } from './physical-helpers.js';

/** Two throwaway clusters for a copy-back: `prod` is the target, `copy` is reached as `restored`. */
export interface CopyPair {
  copy: Cluster;
  prod: Cluster;
  ctx: PgTestContext;
  backups: string;
}

/** Starts both clusters (no archiving) and an action context on production with the copy as `restored`. */
export async function startCopyPair(opts: { oneConnectionPerDatabase?: boolean } = {}): Promise<CopyPair> {
  const [copy, prod] = await Promise.all([startCluster({ archive: false }), startCluster({ archive: false })]);
  const backups = tempDir('pitstop-backups-');
  const ctx = makePgContext(clusterTarget(prod, backups), opts.oneConnectionPerDatabase ? { oneConnectionPerDatabase: true } : {});
  ctx.restored = { engine: 'postgres', url: copy.url() };
  return { copy, prod, ctx, backups };
}

/** Closes the context's connections and destroys both clusters (whatever of them was started). */
export async function stopCopyPair(pair: Partial<CopyPair>): Promise<void> {
  await pair.ctx?.close();
  await Promise.all([pair.copy?.destroy(), pair.prod?.destroy()]);
  if (pair.backups) rmSync(pair.backups, { recursive: true, force: true });
}
