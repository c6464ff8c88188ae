import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startCluster, type Cluster } from '../../src/postgres/cluster.js';
import { freePort, postgresOwner, runAsPostgresArgv } from '../../src/postgres/server-env.js';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * `pitstop status` on a PostgreSQL target backed up through pgBackRest: a real repository, a
 * real full backup and WAL archived by archive-push; `pgbackrest info` is what status reads.
 */
let sb: Sandbox;
let cluster: Cluster;
let conf: string;

beforeAll(async () => {
  sb = makeSandbox();
  chmodSync(sb.cwd, 0o755);
  const owner = postgresOwner();
  const br = join(sb.cwd, 'pgbackrest');
  for (const d of ['', 'repo', 'log', 'lock']) {
    mkdirSync(join(br, d), { recursive: true, mode: 0o700 });
    if (owner) chownSync(join(br, d), owner.uid, owner.gid);
  }
  const port = await freePort();
  const pg = join(sb.cwd, 'pg');
  conf = join(br, 'pgbackrest.conf');
  writeFileSync(conf, [
    '[global]', `repo1-path=${br}/repo`, `log-path=${br}/log`, `lock-path=${br}/lock`, 'start-fast=y', 'log-level-console=warn',
    '[shop]', `pg1-path=${pg}/data`, `pg1-socket-path=${pg}/sock`, `pg1-port=${port}`, '',
  ].join('\n'));
  cluster = await startCluster({ dir: pg, port, extraConf: { fsync: 'off', archive_command: `pgbackrest --config=${conf} --stanza=shop archive-push %p` } });
  for (const args of [['stanza-create'], ['backup', '--type=full']]) {
    const argv = runAsPostgresArgv(['pgbackrest', `--config=${conf}`, '--stanza=shop', ...args]);
    const r = await execa(argv[0]!, argv.slice(1), { reject: false });
    if (r.exitCode !== 0) throw new Error(`pgbackrest ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  }
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({
    targets: {
      shop: { engine: 'postgres', url: cluster.url(), pgbackrest: { stanza: 'shop', config: conf }, rpo: { 'pgbackrest-full': '2d' } },
      typo: { engine: 'postgres', url: cluster.url(), pgbackrest: { stanza: 'shopp', config: conf } },
    },
  }));
}, 180_000);

afterAll(async () => {
  await cluster?.destroy();
});

type Status = { targets: Array<{ target: string; checks: Array<{ name: string; health: string; detail: string }>; kinds: Array<{ kind: string; rpoSeconds: number; newest?: { path: string } }> }> };

describe('pitstop status with a pgBackRest stanza', () => {
  it('reports the newest backup and full against their RPO and the archive\'s newest WAL; a stanza that does not exist fails', async () => {
    const metrics = join(sb.cwd, 'pitstop.prom');
    const r = await pitstop(sb, ['status', '--json', '--metrics-file', metrics]);
    const s = JSON.parse(r.stdout) as Status;
    const checks = (name: string) => Object.fromEntries(s.targets.find((t) => t.target === name)!.checks.map((c) => [c.name, c]));
    const shop = checks('shop');
    expect(shop['backup pgbackrest'], r.stdout).toMatchObject({ health: 'ok', detail: expect.stringMatching(/^full \d{8}-\d{6}F, \d+ s old \(RPO 24 h\), [\d.]+ [KM]?B in the repository$/) });
    expect(shop['backup pgbackrest-full']).toMatchObject({ health: 'ok', detail: expect.stringMatching(/old \(RPO 2 d\)/) });
    expect(shop['pgbackrest archive']).toMatchObject({ health: 'ok', detail: expect.stringMatching(/^newest WAL segment in the repository: [0-9A-F]{24}$/) });
    expect(s.targets.find((t) => t.target === 'shop')!.kinds.find((k) => k.kind === 'pgbackrest-full')).toMatchObject({ rpoSeconds: 172800, newest: { path: expect.stringMatching(/^pgbackrest:shop\/\d{8}-\d{6}F$/) } });
    expect(readFileSync(metrics, 'utf8')).toMatch(/^pitstop_backup_age_seconds\{target="shop",kind="pgbackrest"\} \d+$/m);

    const typo = checks('typo');
    expect(typo['database']?.health).toBe('ok');
    expect(typo['pgbackrest']).toMatchObject({ health: 'fail', detail: expect.stringContaining('stanza shopp: missing stanza path') });
    expect(typo['backup pgbackrest']).toMatchObject({ health: 'fail', detail: 'no backup in stanza shopp: run pgbackrest --stanza=shopp backup' });
    expect(r.exitCode).toBe(1);
  });
});
