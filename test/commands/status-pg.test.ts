import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startCluster, type Cluster } from '../../src/postgres/cluster.js';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';
import { queryOnce } from '../helpers/pg.js';
import { switchWalAndWait } from '../actions/postgres/server-helpers.js';

/**
 * `pitstop status` on a real PostgreSQL target: ok after pg-backup-full with the WAL archive
 * working; a dump nobody verified warns; a server that is gone fails. Through the built CLI.
 */
let sb: Sandbox;
let cluster: Cluster;

type Status = { health: string; targets: Array<{ target: string; health: string; checks: Array<{ name: string; health: string; detail: string }> }> };
const status = async (...args: string[]) => {
  const r = await pitstop(sb, ['status', '--json', ...args]);
  return { exitCode: r.exitCode, s: JSON.parse(r.stdout) as Status, raw: r.stdout + r.stderr };
};
const checksOf = (s: Status, target: string) => Object.fromEntries((s.targets.find((t) => t.target === target)?.checks ?? []).map((c) => [c.name, c]));

beforeAll(async () => {
  sb = makeSandbox();
  chmodSync(sb.cwd, 0o755);
  cluster = await startCluster({ dir: join(sb.cwd, 'pg') });
  await queryOnce(cluster.url(), 'CREATE DATABASE shop');
  await queryOnce(cluster.url('shop'), "CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL); INSERT INTO customers (email) SELECT 'c' || g FROM generate_series(1, 100) g");
  const common = { engine: 'postgres', url: cluster.url('shop') };
  mkdirSync(join(sb.cwd, 'runbooks'));
  // A dump taken and never verified: what a hand-rolled job leaves.
  writeFileSync(join(sb.cwd, 'runbooks', 'dump-only.yaml'), stringify({
    id: 'dump-only', title: 'Dump only', scenario: 'backup', engine: 'postgres',
    steps: [{ id: 'dump', kind: 'action', title: 'Dump', action: 'postgres.dump', with: { label: 'full' } }],
  }));
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({
    targets: {
      shop: { ...common, backups: join(sb.cwd, 'backups') },
      sloppy: { ...common, backups: join(sb.cwd, 'backups-sloppy') },
      gone: { engine: 'postgres', url: 'postgresql://app@127.0.0.1:1/none', backups: join(sb.cwd, 'backups-gone') },
    },
  }));
}, 120_000);

afterAll(async () => {
  await cluster?.destroy();
});

describe('pitstop status on PostgreSQL', () => {
  it('is ok after pg-backup-full with the WAL archive working', async () => {
    const backup = await pitstop(sb, ['run', 'pg-backup-full', '--target', 'shop', '--plain', '--yes']);
    expect(backup.exitCode, backup.stderr).toBe(0);
    await switchWalAndWait(cluster.url('shop'));
    const { exitCode, s, raw } = await status('--target', 'shop');
    expect(exitCode, raw).toBe(0);
    const checks = checksOf(s, 'shop');
    expect(checks['backup dump-full']?.health).toBe('ok');
    expect(checks['verified dump-full']?.detail).toMatch(/^verified .* by run .*pg-backup-full/);
    expect(checks['wal archive']).toMatchObject({ health: 'ok', detail: expect.stringMatching(/^last segment archived/) });
  });

  it('warns when the newest dump was never verified', async () => {
    const dump = await pitstop(sb, ['run', 'dump-only', '--target', 'sloppy', '--plain', '--yes']);
    expect(dump.exitCode, dump.stderr).toBe(0);
    const { exitCode, s } = await status('--target', 'sloppy');
    expect(exitCode).toBe(1);
    expect(s.health).toBe('warn');
    expect(checksOf(s, 'sloppy')['verified dump-full']).toMatchObject({ health: 'warn', detail: 'the newest is not verified: run pg-verify-backup' });
  });

  it('fails a server that does not answer, and still reports the others', async () => {
    const { exitCode, s } = await status();
    expect(exitCode).toBe(1);
    expect(s.health).toBe('fail');
    expect(checksOf(s, 'gone')['database']?.health).toBe('fail');
    expect(checksOf(s, 'gone')['backup dump-full']).toMatchObject({ health: 'fail', detail: 'never backed up: run pg-backup-full' });
    expect(s.targets.find((t) => t.target === 'shop')?.health).toBe('ok');
  });
});
