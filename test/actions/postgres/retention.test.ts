import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpChecksum, recordDumpChecksum } from '../../../src/actions/postgres/dump-checksum.js';
import { utcStamp } from '../../../src/actions/common/utc.js';
import { pgRetentionAction } from '../../../src/actions/postgres/retention.js';
import { writeMarker } from '../../../src/actions/postgres/verified-marker.js';
import { makeContext, runAction } from '../libsql/helpers.js';
import { scratchDir, ctxFor, removeRunDirs } from './dump-helpers.js';

const work = scratchDir('pitstop-retention-');
afterAll(() => {
  work.remove();
  removeRunDirs();
});
const DAY = 86_400_000;

/** A dump file `daysAgo` old (by its name, as retention reads it), optionally verified. */
async function fakeDump(dir: string, daysAgo: number, opts: { verified?: boolean; label?: string } = {}): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `orquix-${opts.label ?? 'full'}-${utcStamp(new Date(Date.now() - daysAgo * DAY))}.dump`);
  writeFileSync(path, `dump taken ${daysAgo} days ago`);
  await recordDumpChecksum(path);
  if (opts.verified) await writeMarker(path, { verified_at: new Date().toISOString(), sha256: (await dumpChecksum(path)).sha256, method: 'test' });
  return path;
}

function target(dir: string) {
  return { name: 'orquix', engine: 'postgres' as const, url: 'postgresql://postgres@/prod?host=/nowhere', backups: dir, secrets: [] };
}

describe('postgres.retention', () => {
  it('never deletes the newest verified dump, even when every dump is older than the limit', async () => {
    const dir = join(work.dir, 'all-old');
    const a = await fakeDump(dir, 45, { verified: true });
    const b = await fakeDump(dir, 40, { verified: true });
    const c = await fakeDump(dir, 35); // newer but never verified
    const out = await runAction(pgRetentionAction, { days: 30, keep_min: 0 }, ctxFor(target(dir)));
    expect(out.outputs['newest_verified']).toBe(b);
    expect(out.outputs['deleted']).toEqual([c, a]);
    expect(readdirSync(dir).sort()).toEqual([`${b.split('/').pop()}`, `${b.split('/').pop()}.sha256`, `${b.split('/').pop()}.verified`].sort());
  });

  it('deletes by age, keeps the young ones, and only the label asked for', async () => {
    const dir = join(work.dir, 'age');
    const young = [await fakeDump(dir, 1, { verified: true }), await fakeDump(dir, 10), await fakeDump(dir, 29)];
    const old = [await fakeDump(dir, 31), await fakeDump(dir, 60, { verified: true })];
    const other = await fakeDump(dir, 90, { label: 'critical' });
    const out = await runAction(pgRetentionAction, { days: 30 }, ctxFor(target(dir)));
    expect(out.outputs['kept']).toEqual(young);
    expect(out.outputs['deleted']).toEqual(old);
    for (const p of old) expect(existsSync(p) || existsSync(`${p}.sha256`) || existsSync(`${p}.verified`)).toBe(false);
    expect(existsSync(other)).toBe(true);
  });

  it('by count: keep_max caps the young ones, keep_min keeps old ones; a dump changed after verification is not verified', async () => {
    const dir = join(work.dir, 'count');
    const d = [await fakeDump(dir, 1), await fakeDump(dir, 2), await fakeDump(dir, 3, { verified: true }), await fakeDump(dir, 50), await fakeDump(dir, 51)];
    const capped = await runAction(pgRetentionAction, { days: 30, keep_max: 2 }, ctxFor(target(dir)));
    expect(capped.outputs['kept']).toEqual([d[0], d[1], d[2]]);
    expect(capped.outputs['deleted']).toEqual([d[3], d[4]]);

    const dir2 = join(work.dir, 'count2');
    const e = [await fakeDump(dir2, 40, { verified: true }), await fakeDump(dir2, 50, { verified: true }), await fakeDump(dir2, 60)];
    writeFileSync(e[0]!, 'tampered after verification');
    const out = await runAction(pgRetentionAction, { days: 30, keep_min: 0 }, ctxFor(target(dir2)));
    expect(out.outputs['newest_verified']).toBe(e[1]);
    expect(out.outputs['deleted']).toEqual([e[0], e[2]]);
  });

  it('removes unfinished dumps (.partial) untouched for over a day, not a fresh one', async () => {
    const dir = join(work.dir, 'partials');
    await fakeDump(dir, 1, { verified: true });
    const dead = join(dir, `orquix-full-${utcStamp(new Date(Date.now() - 3 * DAY))}.dump.partial`);
    const live = join(dir, `orquix-full-${utcStamp(new Date())}.dump.partial`);
    writeFileSync(dead, 'cut off');
    writeFileSync(live, 'still being written');
    utimesSync(dead, new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY));
    const out = await runAction(pgRetentionAction, { days: 30 }, ctxFor(target(dir)));
    expect(out.outputs['deleted_partials']).toEqual([dead]);
    expect(existsSync(live)).toBe(true);
  });

  it('with no verified dump at all, deletes nothing and fails; describe lists what it would delete', async () => {
    const dir = join(work.dir, 'none');
    const old = await fakeDump(dir, 100);
    await expect(runAction(pgRetentionAction, { days: 30 }, ctxFor(target(dir)))).rejects.toThrow(/no verified full dump of orquix .*nothing was deleted/);
    expect(existsSync(old)).toBe(true);
    await fakeDump(dir, 2, { verified: true });
    const lines = pgRetentionAction.describe(pgRetentionAction.args.parse({ days: 30 }), target(dir) as never);
    expect(lines.slice(1)).toEqual([`would delete ${old.split('/').pop()}`]);
  });
});
