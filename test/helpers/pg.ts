import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startCluster, type Cluster, type ClusterOptions } from '../../src/postgres/cluster.js';

export interface ClusterHandle {
  /** The running cluster (throws if used outside the tests of the suite). */
  readonly cluster: Cluster;
  url(db?: string): string;
  /** Runs one query on a fresh connection and returns its rows. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[], db?: string): Promise<T[]>;
}

/**
 * A throwaway PostgreSQL cluster for the enclosing suite: started in `beforeAll`, destroyed
 * in `afterAll`. Nothing is skipped: without the server binaries the suite fails with the
 * reason (CI installs them).
 */
export function withCluster(opts: ClusterOptions = {}): ClusterHandle {
  let current: Cluster | undefined;
  beforeAll(async () => {
    current = await startCluster(opts);
  });
  afterAll(async () => {
    await current?.destroy();
    current = undefined;
  });
  const handle: ClusterHandle = {
    get cluster(): Cluster {
      if (!current) throw new Error('withCluster(): the cluster is not running (use it inside a test)');
      return current;
    },
    url: (db) => handle.cluster.url(db),
    query: (sql, params = [], db) => queryOnce(handle.cluster.url(db), sql, params),
  };
  return handle;
}

/** One query on its own connection: for test setup and checks, not for the code under test. */
export async function queryOnce<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
