import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basebackupAction } from '../../../src/actions/postgres/basebackup.js';
import { findTransactionAction } from '../../../src/actions/postgres/find-transaction.js';
import { startCluster, type Cluster } from '../../../src/postgres/cluster.js';
import { queryOnce } from '../../helpers/pg.js';
import { clusterTarget, makePgContext, type PgTestContext, runPg, tempDir } from './physical-helpers.js';

/** postgres.find-transaction over a real WAL archive: DELETE (in a savepoint too), TRUNCATE, DROP. */
let cluster: Cluster;
let backups: string;
let ctx: PgTestContext;
const sql = (q: string, p: unknown[] = []) => queryOnce(cluster.url(), q, p);

async function serverTime(): Promise<string> {
  const [row] = await sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
  return String(row!['t']);
}

/** Runs statements in one transaction and returns its xid. */
async function inTransaction(statements: string[]): Promise<string> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ x: string }>('SELECT txid_current()::text AS x');
    for (const s of statements) await client.query(s);
    await client.query('COMMIT');
    return rows[0]!.x;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  cluster = await startCluster({});
  backups = tempDir('pitstop-backups-');
  ctx = makePgContext(clusterTarget(cluster, backups));
  await sql('CREATE TABLE victims (id int PRIMARY KEY, v text)');
  await sql('CREATE TABLE bystanders (id int PRIMARY KEY)');
  await sql("INSERT INTO victims SELECT g, 'v' || g FROM generate_series(1, 2000) g");
  await sql('INSERT INTO bystanders SELECT generate_series(1, 100)');
  await runPg(basebackupAction, {}, ctx);
});

afterAll(async () => {
  await ctx?.close();
  await cluster?.destroy();
  if (backups) rmSync(backups, { recursive: true, force: true });
});

describe('postgres.find-transaction', () => {
  it('finds the first DELETE after the time, inside a savepoint, ignoring other tables and earlier deletes', async () => {
    await sql('DELETE FROM victims WHERE id = 1');
    const after = await serverTime();
    await sql('DELETE FROM bystanders WHERE id < 10');
    const xid = await inTransaction(['SAVEPOINT s', 'DELETE FROM victims WHERE id BETWEEN 100 AND 199', 'RELEASE SAVEPOINT s']);
    await sql('DELETE FROM victims WHERE id = 2000');
    const out = await runPg(findTransactionAction, { table: 'victims', after }, ctx);
    expect(out.outputs['xid']).toBe(xid);
    expect(out.outputs['operation']).toBe('DELETE');
    expect(out.outputs['rows_deleted']).toBe(100);
    expect(Date.parse(String(out.outputs['commit_time']))).toBeGreaterThanOrEqual(Date.parse(after));
    expect(out.outputs['lsn']).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    // pg_waldump always gets an end (-e): without one it stalls at the end of the archive.
    expect(out.outputs['scanned_to']).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(findTransactionAction.describe(findTransactionAction.args.parse({ table: 'victims', after }), { name: 'orquix', engine: 'postgres', wal_archive: '/arch' }).join('\n')).toMatch(/pg_waldump -p \/arch .* -e /);
  });

  it('finds a TRUNCATE (the table has a new file since) and a DROP (given the old file)', async () => {
    const after = await serverTime();
    const [before] = await sql("SELECT pg_relation_filenode('victims')::text AS node");
    const truncXid = await inTransaction(['TRUNCATE victims']);
    const trunc = await runPg(findTransactionAction, { table: 'victims', after }, ctx);
    expect(trunc.outputs).toMatchObject({ xid: truncXid, operation: 'TRUNCATE' });

    const [current] = await sql("SELECT pg_relation_filenode('victims')::text AS node");
    expect(current!['node']).not.toBe(before!['node']);
    const afterDrop = await serverTime();
    const dropXid = await inTransaction(['DROP TABLE victims']);
    await expect(runPg(findTransactionAction, { table: 'victims', after: afterDrop }, ctx)).rejects.toThrow(/does not exist.*dropped/);
    const drop = await runPg(findTransactionAction, { table: 'victims', after: afterDrop, relfilenode: current!['node'] }, ctx);
    expect(drop.outputs).toMatchObject({ xid: dropXid, operation: 'DROP' });
  });

  it('says clearly when nothing touched the table after the time', async () => {
    const after = await serverTime();
    await sql('INSERT INTO bystanders VALUES (1000)');
    await expect(runPg(findTransactionAction, { table: 'bystanders', after }, ctx)).rejects.toThrow(/no DELETE, TRUNCATE or DROP of bystanders committed after/);
  });

  it('refuses a time without an offset', async () => {
    await expect(runPg(findTransactionAction, { table: 'bystanders', after: '2026-11-22 03:10:00' }, ctx)).rejects.toThrow(/no UTC offset/);
  });
});
