import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { basebackupAction } from '../../../src/actions/postgres/basebackup.js';
import { startCluster, stopServer, type Cluster } from '../../../src/postgres/cluster.js';
import { pgBinDir } from '../../../src/postgres/pg-bin.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { makeSandbox, onlyRunDir, readJournalEvents, type Sandbox } from '../../helpers/cli.js';
import { makePgContext, pgTarget, runAction } from './server-helpers.js';

/** A production cluster with the seed 000 data, a verified base backup, and a pitstop.yaml for it. */
export interface PgRunbookEnv {
  sb: Sandbox;
  cluster: Cluster;
  backups: string;
  envFile: string;
  calls: string;
  /** Stops every copy a run restored (data_dir outputs in its journal) and removes everything. */
  cleanup(): Promise<void>;
}

/**
 * The application is a stand-in whose app.* commands append their name to `calls`, and whose
 * env file holds DATABASE_URL with its own password.
 */
export async function pgRunbookEnv(opts: { rows?: number; password: string }): Promise<PgRunbookEnv> {
  const sb = makeSandbox();
  // The server runs as the postgres user, which must reach the restore directory under it.
  chmodSync(sb.cwd, 0o755);
  const cluster = await startCluster({ dir: join(sb.cwd, 'prod'), timezone: 'America/Mexico_City' });
  await seedPostgres(cluster.url(), { rows: opts.rows ?? 3000 });
  const backups = join(sb.cwd, 'backups');
  const restore = join(sb.cwd, 'restore');
  mkdirSync(backups, { recursive: true });
  mkdirSync(restore, { recursive: true, mode: 0o755 });
  const target = { url: cluster.url(), backups, wal_archive: cluster.archiveDir!, restore: { data_dir: restore } };
  const ctx = makePgContext(pgTarget(cluster.url(), target));
  await runAction(basebackupAction, {}, ctx);
  await ctx.close();

  const calls = join(sb.cwd, 'app-calls');
  const record = (what: string): string[] => ['sh', '-c', `echo ${what} >> "$0"`, calls];
  const envFile = join(sb.cwd, 'backend.env');
  writeFileSync(envFile, `DATABASE_URL=postgresql://postgres:${opts.password}@/postgres?host=${cluster.socketDir}&port=${cluster.port}\nLOG_LEVEL=info\n`, { mode: 0o600 });
  const app = { stop: record('stop'), start: record('start'), migrate: record('migrate'), health: ['true'] };
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { orquix: { engine: 'postgres', ...target, app } } }));

  return {
    sb,
    cluster,
    backups,
    envFile,
    calls,
    async cleanup() {
      const runs = existsSync(join(sb.home, 'runs')) ? readdirSync(join(sb.home, 'runs')) : [];
      for (const run of runs) {
        for (const e of readJournalEvents(join(sb.home, 'runs', run))) {
          const dataDir = e['type'] === 'step/finished' ? e['outputs']?.['data_dir'] : undefined;
          if (typeof dataDir === 'string' && existsSync(join(dataDir, 'postmaster.pid'))) await stopServer(pgBinDir(), dataDir);
        }
      }
      await cluster.destroy();
      rmSync(sb.cwd, { recursive: true, force: true });
    },
  };
}

export interface StepRecord {
  status: string;
  outputs?: Record<string, unknown>;
  error?: string;
}

/**
 * The last `step/finished` of each step of the sandbox's newest run. A step skipped by its
 * `when:` is not journaled at all (the engine derives skips), so it is absent here.
 */
export function lastRunSteps(sb: Sandbox): { steps: Record<string, StepRecord>; started: Set<string> } {
  const steps: Record<string, StepRecord> = {};
  const started = new Set<string>();
  for (const e of readJournalEvents(onlyRunDir(sb))) {
    if (e['type'] === 'step/finished') steps[e['stepId']] = e as never;
    if (e['type'] === 'step/started') started.add(e['stepId']);
  }
  return { steps, started };
}

/**
 * A cluster (fsync off) and a sandbox whose pitstop.yaml has one target, `orquix`, on it:
 * its URL from `${env:PG_URL}`, local backups and the cluster's WAL archive.
 */
export async function archivedClusterProject(): Promise<{ cluster: Cluster; sandbox: Sandbox }> {
  const cluster = await startCluster({ extraConf: { fsync: 'off' } });
  const sandbox = makeSandbox({ PG_URL: cluster.url('postgres') });
  const backups = join(sandbox.cwd, 'backups');
  mkdirSync(backups, { recursive: true });
  const target = { engine: 'postgres', url: '${env:PG_URL}', backups, wal_archive: cluster.archiveDir };
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), stringify({ targets: { orquix: target } }));
  return { cluster, sandbox };
}
