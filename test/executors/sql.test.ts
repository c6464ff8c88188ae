import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqlExecutor } from '../../src/executors/sql.js';
import { createRedactor } from '../../src/util/redact.js';
import { withCluster } from '../helpers/pg.js';

const pg = withCluster({ archive: false });
const base = mkdtempSync(join(tmpdir(), 'pitstop-sql-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const request = { kind: 'sql' as const, on: 'db', params: [], readOnly: true };
const ctx = { signal: new AbortController().signal };

describe('createSqlExecutor', () => {
  it('picks the executor of the target engine', async () => {
    const file = join(base, 'a.db');
    const client = createClient({ url: `file:${file}` });
    await client.execute('CREATE TABLE only_in_libsql (a)');
    client.close();

    const lib = await createSqlExecutor({ engine: 'libsql', url: `file:${file}` }, createRedactor([]));
    const pgx = await createSqlExecutor({ engine: 'postgres', url: pg.url() }, createRedactor([]));
    try {
      expect((await lib.run({ ...request, query: "SELECT name FROM sqlite_master WHERE type = 'table'" }, ctx)).rows).toEqual([{ name: 'only_in_libsql' }]);
      expect((await pgx.run({ ...request, query: 'SELECT current_setting($1) AS v', params: ['server_version_num'] }, ctx)).rows[0]?.v).toMatch(/^1\d{5}$/);
    } finally {
      await lib.close();
      await pgx.close();
    }
  });
});
