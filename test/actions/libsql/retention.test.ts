import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, writeChecksum } from '../../../src/actions/common/sha256.js';
import { retentionAction } from '../../../src/actions/libsql/retention.js';
import { utcStamp } from '../../../src/actions/common/utc.js';
import { libsqlTarget, makeContext, runAction, tempDir } from './helpers.js';

const DAY = 86_400_000;

/** A snapshot file `days` old, with a matching checksum unless `verified` is false. */
async function snapshot(dir: string, days: number, verified = true): Promise<string> {
  const path = join(dir, `tickets-${utcStamp(new Date(Date.now() - days * DAY))}.db`);
  writeFileSync(path, `snapshot from ${days} days ago`);
  await writeChecksum(path, verified ? await sha256File(path) : 'f'.repeat(64));
  return path;
}

function setup() {
  const dir = tempDir();
  const backups = join(dir, 'backups');
  mkdirSync(backups);
  return { backups, target: libsqlTarget(join(dir, 'tickets.db'), { backups }) };
}

describe('libsql.retention', () => {
  it('deletes snapshots older than N days with their checksum files and keeps the rest', async () => {
    const { backups, target } = setup();
    const recent = [await snapshot(backups, 0), await snapshot(backups, 3), await snapshot(backups, 6)];
    const old = [await snapshot(backups, 8), await snapshot(backups, 30)];
    const other = join(backups, 'notes.txt');
    writeFileSync(other, 'not a snapshot');
    const out = await runAction(retentionAction, { days: 7 }, makeContext(target));
    expect((out.outputs['deleted'] as string[]).sort()).toEqual([...old].sort());
    expect((out.outputs['kept'] as string[]).sort()).toEqual([...recent].sort());
    for (const p of old) expect(existsSync(p) || existsSync(`${p}.sha256`)).toBe(false);
    for (const p of recent) expect(existsSync(p)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it('never deletes the newest verified snapshot, however old, nor counts a damaged newer one', async () => {
    const { backups, target } = setup();
    const damaged = await snapshot(backups, 10, false);
    const newestGood = await snapshot(backups, 12);
    const older = await snapshot(backups, 20);
    const out = await runAction(retentionAction, { days: 7 }, makeContext(target));
    expect(out.outputs['newest_verified']).toBe(newestGood);
    expect(out.outputs['kept']).toEqual([newestGood]);
    expect((out.outputs['deleted'] as string[]).sort()).toEqual([damaged, older].sort());
    expect(existsSync(newestGood)).toBe(true);
  });

  it('deletes nothing and fails when no snapshot is verified', async () => {
    const { backups, target } = setup();
    const a = await snapshot(backups, 10, false);
    const b = await snapshot(backups, 20, false);
    await expect(runAction(retentionAction, { days: 7 }, makeContext(target))).rejects.toThrow(/no verified snapshot.*nothing was deleted/);
    expect(existsSync(a) && existsSync(b)).toBe(true);
  });
});

describe('libsql.retention with a prefix (Turso exports)', () => {
  it('applies to <database>-export-<stamp>.db files and leaves snapshots alone', async () => {
    const { backups, target } = setup();
    const snap = await snapshot(backups, 30);
    const exportOld = join(backups, `tickets-db-export-${utcStamp(new Date(Date.now() - 9 * DAY))}.db`);
    const exportNew = join(backups, `tickets-db-export-${utcStamp(new Date(Date.now() - DAY))}.db`);
    for (const p of [exportOld, exportNew]) {
      writeFileSync(p, p);
      await writeChecksum(p, await sha256File(p));
    }
    const out = await runAction(retentionAction, { days: 7, prefix: 'tickets-db-export-' }, makeContext(target));
    expect(out.outputs).toMatchObject({ deleted: [exportOld], kept: [exportNew] });
    expect(existsSync(snap)).toBe(true);
  });
});
