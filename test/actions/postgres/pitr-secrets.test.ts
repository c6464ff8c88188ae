import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basebackupAction } from '../../../src/actions/postgres/basebackup.js';
import { findTransactionAction } from '../../../src/actions/postgres/find-transaction.js';
import { pitrAction } from '../../../src/actions/postgres/pitr.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { clusterTarget, makePgContext, type PgTestContext, runPg, tempDir } from './physical-helpers.js';

/**
 * A primary that wants a password (scram-sha-256, also for replication): the actions reach
 * it through PGPASSWORD, and the password never appears in an argv, a log line or an output.
 */
const PASSWORD = 'Zq8-pw/with:odd@chars';
let cluster: Cluster;
let backups: string;
let ctx: PgTestContext;

beforeAll(async () => {
  cluster = await startCluster({});
  await queryOnce(cluster.url(), 'ALTER ROLE postgres PASSWORD $1'.replace('$1', `'${PASSWORD.replaceAll("'", "''")}'`));
  await queryOnce(cluster.url(), 'CREATE TABLE t (id int PRIMARY KEY)');
  await queryOnce(cluster.url(), 'INSERT INTO t SELECT generate_series(1, 1000)');
  writeFileSync(join(cluster.dataDir, 'pg_hba.conf'), 'local all all scram-sha-256\nlocal replication all scram-sha-256\n');
  await queryOnce(cluster.url(), 'SELECT pg_reload_conf()');
  const url = cluster.url().replace('postgresql://postgres@', `postgresql://postgres:${encodeURIComponent(PASSWORD)}@`);
  backups = tempDir('pitstop-backups-');
  ctx = makePgContext({ ...clusterTarget(cluster, backups), url, secrets: [PASSWORD] });
});

afterAll(async () => {
  await ctx?.close();
  await cluster?.destroy();
  if (backups) rmSync(backups, { recursive: true, force: true });
});

describe('a password-protected primary', () => {
  it('is refused without the password (the test is real)', async () => {
    await expect(queryOnce(cluster.url(), 'SELECT 1')).rejects.toThrow(/password/);
  });

  it('base backup, find-transaction and PITR work, and the password is nowhere to be seen', async () => {
    const backup = await runPg(basebackupAction, {}, ctx);
    const [{ t }] = (await queryOnce<{ t: string }>(ctx.target.url, `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`)) as [{ t: string }];
    await queryOnce(ctx.target.url, 'DELETE FROM t WHERE id <= 10');
    const found = await runPg(findTransactionAction, { table: 't', after: t }, ctx);
    const copy = await runPg(pitrAction, { target_xid: found.outputs['xid'] }, ctx);
    expect(await queryOnce(ctx.restored!.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1000 }]);

    const seen = JSON.stringify([backup, found, copy, ctx.logged, ctx.requests.map((r) => r.argv)]);
    for (const form of [PASSWORD, encodeURIComponent(PASSWORD)]) expect(seen).not.toContain(form);
    const basebackup = ctx.requests.find((r) => r.argv.some((a) => a.endsWith('pg_basebackup')))!;
    expect(basebackup.env?.['PGPASSWORD']).toBe(PASSWORD);
  });
});
