import { describe, expect, it } from 'vitest';
import { restorePointAction } from '../../../src/actions/postgres/restore-point.js';
import { makePgContext, runPg } from './physical-helpers.js';

/** The quiet-archive path itself runs on a real cluster in corruption-quiet.test.ts. */
describe('postgres.restore-point on a pgBackRest target (no plain archive)', () => {
  it('restores to the time as asked, without reading the repository or touching the server', async () => {
    const ctx = makePgContext({ name: 'shop', engine: 'postgres', url: 'postgresql://app@/nowhere?host=/nonexistent', pgbackrest: { stanza: 'main' }, secrets: [] });
    try {
      const out = await runPg(restorePointAction, { restore_to: '2026-11-22T03:10:00-06:00' }, ctx);
      expect(out.outputs).toMatchObject({ quiet: false, target_time: '2026-11-22T03:10:00-06:00', target_lsn: '', inclusive: false, restore_to_utc: '2026-11-22T09:10:00.000Z' });
      expect(ctx.requests).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
