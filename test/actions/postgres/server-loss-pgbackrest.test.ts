import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startCluster, stopServer, type Cluster } from '../../../src/postgres/cluster.js';
import { pgBinDir } from '../../../src/postgres/pg-bin.js';
import { freePort, postgresOwner, runAsPostgresArgv } from '../../../src/postgres/server-env.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { makeSandbox, pitstop, type Sandbox } from '../../helpers/cli.js';
import { queryOnce } from '../../helpers/pg.js';
import { lastRunSteps } from './runbook-env.js';
import { switchWalAndWait } from './server-helpers.js';

/**
 * pg-server-loss when the target backs up through pgBackRest (a stanza in pitstop.yaml): the
 * data directory is removed, and the runbook restores the newest pgBackRest backup with the
 * archive replayed to its end into a new directory and port.
 */
let sb: Sandbox | undefined;
let cluster: Cluster | undefined;
afterAll(async () => {
  if (sb) {
    for (const [, step] of Object.entries(lastRunSteps(sb).steps)) {
      const dataDir = step.outputs?.['data_dir'];
      if (typeof dataDir === 'string' && existsSync(join(dataDir, 'postmaster.pid'))) await stopServer(pgBinDir(), dataDir);
    }
  }
  await cluster?.destroy();
  if (sb) rmSync(sb.cwd, { recursive: true, force: true });
});

describe('pg-server-loss through pgBackRest', () => {
  it('data directory removed: the newest pgBackRest backup and the archive to its end, onto a new directory and port', async () => {
    sb = makeSandbox();
    chmodSync(sb.cwd, 0o755);
    const owner = postgresOwner();
    const br = join(sb.cwd, 'pgbackrest');
    for (const d of ['', 'repo', 'log', 'lock']) {
      mkdirSync(join(br, d), { recursive: true, mode: 0o700 });
      if (owner) chownSync(join(br, d), owner.uid, owner.gid);
    }
    const port = await freePort();
    const conf = join(br, 'pgbackrest.conf');
    const pg = join(sb.cwd, 'pg');
    writeFileSync(conf, [
      '[global]', `repo1-path=${br}/repo`, `log-path=${br}/log`, `lock-path=${br}/lock`, 'start-fast=y', 'log-level-console=warn',
      '[orquix]', `pg1-path=${pg}/data`, `pg1-socket-path=${pg}/sock`, `pg1-port=${port}`, '',
    ].join('\n'));
    const pgbackrest = async (...args: string[]): Promise<void> => {
      const argv = runAsPostgresArgv(['pgbackrest', `--config=${conf}`, '--stanza=orquix', ...args]);
      const r = await execa(argv[0]!, argv.slice(1), { reject: false });
      if (r.exitCode !== 0) throw new Error(`pgbackrest ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    };
    cluster = await startCluster({ dir: pg, port, extraConf: { fsync: 'off', archive_command: `pgbackrest --config=${conf} --stanza=orquix archive-push %p` } });
    const url = cluster.url();
    await pgbackrest('stanza-create');
    await seedPostgres(url, { rows: 1000 });
    await pgbackrest('backup', '--type=full');
    await queryOnce(url, `INSERT INTO interaction_events (project_id, user_id, user_prompt) SELECT project_id, user_id, 'after the backup' FROM interaction_events LIMIT 120`);
    const truth = (await queryOnce<{ n: string }>(url, 'SELECT count(*) AS n FROM interaction_events'))[0]!.n;
    await switchWalAndWait(url);
    await cluster.stop();
    rmSync(cluster.dataDir, { recursive: true, force: true });

    const restore = join(sb.cwd, 'restore');
    mkdirSync(restore, { mode: 0o755 });
    const envFile = join(sb.cwd, 'backend.env');
    writeFileSync(envFile, `DATABASE_URL=${url}\n`, { mode: 0o600 });
    const target = { engine: 'postgres', url, pgbackrest: { stanza: 'orquix', config: conf }, restore: { data_dir: restore } };
    writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { orquix: target } }));

    const run = await pitstop(sb, ['run', 'pg-server-loss', '--plain', '--yes', '--confirm', 'orquix', '--set', 'repoint=env-file', '--set', `env_file=${envFile}`]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const { steps } = lastRunSteps(sb);
    const out = steps['restore']!.outputs!;
    expect(String(out['source'])).toMatch(/pgBackRest/);
    expect(String(out['data_dir']).startsWith(restore)).toBe(true);
    expect(out['port']).not.toBe(port);
    expect(steps['validate-copy']?.outputs?.['rows_public_interaction_events']).toBe(Number(truth));
    expect(steps['check-copy']?.outputs?.['verdict']).toBe('clean');
    expect(readFileSync(envFile, 'utf8')).toContain(`port=${String(out['port'])}`);
  });
});
