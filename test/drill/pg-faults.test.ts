import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { damagePgPage, type PgServer } from '../../src/drill/pg-page-damage.js';
import { hangServer, loseDataDir, stopServer } from '../../src/drill/pg-server-damage.js';
import { procStat } from '../../src/util/proc.js';
import { withCluster } from '../helpers/pg.js';

const db = withCluster();
const server = (): PgServer => ({ cluster: db.cluster, url: db.url() });

/** Connects (1 s limit) and runs `sql`; the error's message when it fails. */
async function failureOf(sql: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: db.url(), connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query(sql);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const alive = (pid: number) => {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z';
};

/** One cluster, broken in turn: the pages first (it restarts), then the server (it does not come back). */
describe('PostgreSQL drill faults', () => {
  it('heap-page: a middle block of the table overwritten; reading the table fails its checksum, the other table is intact', async () => {
    for (const t of ['heap_victim', 'index_victim']) {
      await db.query(`CREATE TABLE ${t} (id bigint PRIMARY KEY, body text NOT NULL)`);
      await db.query(`INSERT INTO ${t} SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 3000) g`);
    }
    const damage = await damagePgPage(server(), 'heap_victim', 'heap');
    expect(damage).toMatchObject({ relation: 'heap_victim', blockSize: 8192 });
    expect(damage.block).toBeGreaterThan(0);
    expect(damage.rows).toBeGreaterThan(10);
    expect(existsSync(damage.file)).toBe(true);
    expect(await failureOf('SELECT count(*) FROM heap_victim')).toMatch(new RegExp(`invalid page in block ${damage.block} of relation`));
    expect(await failureOf('SELECT count(*) FROM index_victim')).toBeNull();
    const [stats] = await db.query<{ failures: string }>('SELECT checksum_failures AS failures FROM pg_stat_database WHERE datname = current_database()');
    expect(Number(stats!.failures)).toBeGreaterThan(0);
  }, 120_000);

  it('index-page: a middle block of the primary key overwritten; a scan of the table works, a scan of the index fails', async () => {
    const damage = await damagePgPage(server(), 'index_victim', 'index');
    expect(damage).toMatchObject({ relation: 'index_victim_pkey', rows: 0 });
    expect(await failureOf('SELECT count(*) FROM index_victim')).toBeNull();
    expect(await failureOf('SET enable_seqscan = off; SET enable_bitmapscan = off; SELECT count(*) FROM index_victim WHERE id > 0')).toMatch(
      new RegExp(`invalid page in block ${damage.block} of relation`),
    );
  }, 120_000);

  it('hung: connections are accepted and never answered; the listener stops by its pid', async () => {
    const listener = await hangServer(server());
    expect(await failureOf('SELECT 1')).toMatch(/timeout/i);
    await listener.stop();
    expect(alive(listener.pid)).toBe(false);
    await db.cluster.start();
    expect(await failureOf('SELECT 1')).toBeNull();
  }, 120_000);

  it('stopped: nothing answers on its socket', async () => {
    await stopServer(server());
    expect(await failureOf('SELECT 1')).toMatch(/ENOENT|ECONNREFUSED/);
    await db.cluster.start();
  }, 120_000);

  it('lost-data-dir: the data directory moved away, every server process killed', async () => {
    const { movedTo, pid } = await loseDataDir(server());
    expect(existsSync(db.cluster.dataDir)).toBe(false);
    expect(existsSync(movedTo)).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(await failureOf('SELECT 1')).toMatch(/ENOENT|ECONNREFUSED/);
  }, 120_000);
});
