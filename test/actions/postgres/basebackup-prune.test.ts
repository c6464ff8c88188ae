import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basebackupAction } from '../../../src/actions/postgres/basebackup.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { clusterTarget, makePgContext, type PgTestContext, runPg, tempDir } from './physical-helpers.js';

let cluster: Cluster;
let backups: string;
let ctx: PgTestContext;

beforeAll(async () => {
  cluster = await startCluster({ extraConf: { fsync: 'off' } });
  backups = tempDir('pitstop-backups-');
  ctx = makePgContext(clusterTarget(cluster, backups));
});

afterAll(async () => {
  await ctx?.close();
  await cluster?.destroy();
  if (backups) rmSync(backups, { recursive: true, force: true });
});

describe('postgres.basebackup pruning by count', () => {
  it('keeps the newest `keep` verified backups, never the one just made, and leaves foreign directories alone', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push(String((await runPg(basebackupAction, {}, ctx)).outputs['path']));
    mkdirSync(join(backups, 'base', 'hand-made-copy'));
    const out = await runPg(basebackupAction, { keep: 2 }, ctx);
    const newest = String(out.outputs['path']);
    expect(out.outputs['pruned']).toEqual(made.slice(0, 2));
    expect(readdirSync(join(backups, 'base')).sort()).toEqual(['hand-made-copy', made[2]!.split('/').pop()!, newest.split('/').pop()!].sort());

    const only = await runPg(basebackupAction, { keep: 1 }, ctx);
    expect(existsSync(String(only.outputs['path']))).toBe(true);
    expect(existsSync(newest)).toBe(false);
    expect(existsSync(join(backups, 'base', 'hand-made-copy'))).toBe(true);
  }, 120_000);
});
