import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPostgresExecutor } from '../../src/executors/postgres.js';
import { procStat } from '../../src/executors/process-group.js';
import { createRedactor } from '../../src/util/redact.js';
import { runAsPostgresArgv, startCluster } from '../../src/postgres/cluster.js';
import { pgBinDir } from '../../src/postgres/pg-bin.js';
import { queryOnce, withCluster } from '../helpers/pg.js';

/** Live (non-zombie) processes whose parent is `pid`, and `pid` itself if alive. */
function processTree(pid: number): number[] {
  const alive: number[] = [];
  if (procStat(pid) && procStat(pid)!.state !== 'Z') alive.push(pid);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') alive.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return alive;
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('throwaway cluster', () => {
  const pg = withCluster({ timezone: 'America/Mexico_City' });

  it('accepts connections through its own socket, with checksums on and the chosen time zone', async () => {
    const [row] = await pg.query<{ checksums: string; tz: string; v: string }>(
      "SELECT current_setting('data_checksums') AS checksums, current_setting('TimeZone') AS tz, current_setting('server_version_num') AS v",
    );
    expect(row).toMatchObject({ checksums: 'on', tz: 'America/Mexico_City' });
    expect(Number(row!.v)).toBeGreaterThanOrEqual(150000);
    expect(pg.url()).toBe(`postgresql://postgres@/postgres?host=${pg.cluster.socketDir}&port=${pg.cluster.port}`);
    expect(existsSync(join(pg.cluster.socketDir, `.s.PGSQL.${pg.cluster.port}`))).toBe(true);
    expect(pg.cluster.env).toEqual({ PGHOST: pg.cluster.socketDir, PGPORT: String(pg.cluster.port), PGUSER: 'postgres' });
  });

  it('answers queries through the PostgreSQL executor', async () => {
    const exec = createPostgresExecutor({ url: pg.url(), redactor: createRedactor([]) });
    try {
      const r = await exec.run(
        { kind: 'sql', on: 'db', query: 'SELECT current_user AS who, $1::text AS echo', params: ['hi'], readOnly: true },
        { signal: new AbortController().signal },
      );
      expect(r.error).toBeUndefined();
      expect(r).toMatchObject({ rows: [{ who: 'postgres', echo: 'hi' }], rowCount: 1 });
    } finally {
      await exec.close();
    }
  });

  it('listens on no TCP address', async () => {
    const [row] = await pg.query<{ addr: string }>("SELECT current_setting('listen_addresses') AS addr");
    expect(row!.addr).toBe('');
  });

  it('archives WAL after pg_switch_wal()', async () => {
    await pg.query('CREATE TABLE walgen AS SELECT g FROM generate_series(1, 1000) g');
    const [row] = await pg.query<{ file: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS file');
    const archive = pg.cluster.archiveDir!;
    expect(await waitFor(() => existsSync(join(archive, row!.file)), 10_000)).toBe(true);
  });

  it('has a 0700 data directory owned by the server user', () => {
    const st = statSync(pg.cluster.dataDir);
    expect(st.mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) expect(st.uid).not.toBe(0);
  });
});

describe('cluster lifecycle', () => {
  it('stop leaves no server process behind, is idempotent, and destroy removes the directory', async () => {
    const cluster = await startCluster({ archive: false, checksums: false });
    expect(cluster.archiveDir).toBeNull();
    const [row] = await queryOnce<{ c: string }>(cluster.url(), "SELECT current_setting('data_checksums') AS c");
    expect(row!.c).toBe('off');
    const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const tree = processTree(postmaster);
    expect(tree.length).toBeGreaterThan(1);

    await cluster.stop();
    expect(tree.filter((pid) => procStat(pid) !== null && procStat(pid)!.state !== 'Z')).toEqual([]);
    expect(existsSync(join(cluster.dataDir, 'postmaster.pid'))).toBe(false);
    await cluster.stop();

    await cluster.start();
    expect(await queryOnce(cluster.url(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await cluster.destroy();
    expect(existsSync(cluster.baseDir)).toBe(false);
  });

  it('an executor reconnects after the server was restarted under it', async () => {
    const cluster = await startCluster({ archive: false });
    const exec = createPostgresExecutor({ url: cluster.url(), redactor: createRedactor([]) });
    const one = { kind: 'sql' as const, on: 'db', query: 'SELECT 1 AS one', params: [], readOnly: true };
    const ctx = { signal: new AbortController().signal };
    try {
      expect((await exec.run(one, ctx)).rows).toEqual([{ one: 1 }]);
      await cluster.stop();
      expect((await exec.run(one, ctx)).error).toMatch(/^cannot connect to postgres at .* \(no server socket .*\): is the server up\?$/);
      await cluster.start();
      expect((await exec.run(one, ctx)).rows).toEqual([{ one: 1 }]);
    } finally {
      await exec.close();
      await cluster.destroy();
    }
    expect(existsSync(cluster.baseDir)).toBe(false);
  });

  it('fails to start with the server log in the error and leaves nothing behind', async () => {
    const error = await startCluster({ archive: false, extraConf: { shared_buffers: 'lots' } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/pg_ctl start failed/);
    expect((error as Error).message).toMatch(/invalid value for parameter "shared_buffers"/);
    const dir = /last lines of (.*)\/server\.log/.exec((error as Error).message)?.[1];
    expect(dir && existsSync(dir)).toBe(false);
  });

  it('finds the server binaries and runs them as postgres when root', () => {
    expect(existsSync(join(pgBinDir(), 'initdb'))).toBe(true);
    const argv = runAsPostgresArgv(['initdb', '-D', 'x']);
    if (process.getuid?.() === 0) expect(argv).toEqual(['runuser', '-u', 'postgres', '--', 'initdb', '-D', 'x']);
    else expect(argv).toEqual(['initdb', '-D', 'x']);
  });
});
