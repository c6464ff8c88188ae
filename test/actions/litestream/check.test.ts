import { join } from 'node:path';
import { setTimeout as pollAgain } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { litestreamCheckAction } from '../../../src/actions/litestream/check.js';
import { libsqlTarget, makeContext, runAction, tempDir, withDb } from '../libsql/helpers.js';
import { otherSchemaDb } from '../libsql/other-schema.js';
import { startReplicator, stopReplicator } from './replicator.js';

afterEach(stopReplicator);

describe('litestream.check max_age: the newest data the replica received', () => {
  it('passes while replication runs, and fails once the newest generation is older than max_age', async () => {
    const dir = tempDir('pitstop-litestream-');
    const db = join(dir, 'shop.db');
    const replicaDir = join(dir, 'replica');
    await otherSchemaDb(db, { customers: 5, orders: 30 });
    const target = libsqlTarget(db, { name: 'shop', litestream: { replica: `file://${replicaDir}` } });
    await startReplicator(db, replicaDir);

    const fresh = await runAction(litestreamCheckAction, { max_age: '15m' }, makeContext(target));
    expect(fresh.outputs).toMatchObject({ snapshots: 1, generations: 1, max_age: '15m' });
    expect(fresh.outputs['age_seconds']).toBeLessThan(60);
    expect(Date.parse(String(fresh.outputs['newest_write']))).not.toBeNaN();

    await withDb(db, (c) => c.execute("INSERT INTO audit_log (action, at) VALUES ('after the first snapshot', datetime('now'))"));
    await stopReplicator();
    // Nothing reaches the replica any more: its newest write only gets older.
    const deadline = Date.now() + 20_000;
    let failure: unknown = null;
    while (failure === null && Date.now() < deadline) {
      failure = await runAction(litestreamCheckAction, { max_age: '2s' }, makeContext(target)).then(() => null, (e: unknown) => e);
      if (failure === null) await pollAgain(200);
    }
    expect(String(failure)).toMatch(/newest data in the Litestream replica .* is \d+ s old, more than 2s/);
    expect(failure).toMatchObject({ hint: expect.stringMatching(/litestream/i) });
  }, 60_000);
});
