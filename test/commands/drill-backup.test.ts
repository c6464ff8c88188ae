import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, readJournalEvents } from '../helpers/cli.js';

describe('pitstop drill --backup', () => {
  it('random: several backup runs, one verified snapshot chosen at random, restored by the real runbook; journaled and in the score', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--json', '--backup', 'random']);
    expect(r.exitCode, r.stderr).toBe(0);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const backup = events.find((e) => e.type === 'drill/backup');
    expect(backup).toMatchObject({ choice: 'random', candidates: 3 });
    expect(backup.backupRunIds).toHaveLength(3);
    // Each backup run took its own snapshot; the chosen one is among them.
    const snapshots = (backup.backupRunIds as string[]).map((id) => readJournalEvents(join(s.home, 'runs', id)).find((e) => e.type === 'step/finished' && e.stepId === 'snapshot')!.outputs.path.split('/').pop());
    expect(new Set(snapshots).size).toBe(3);
    expect(snapshots).toContain(backup.snapshot);
    // The recovery opened exactly that snapshot.
    const opened = events.find((e) => e.type === 'step/finished' && e.stepId === 'open-snapshot');
    expect(opened.outputs.snapshot.split('/').pop()).toBe(backup.snapshot);
    const scored = events.find((e) => e.type === 'drill/scored');
    expect(scored.score).toMatchObject({ passed: true, backup: { choice: 'random', snapshot: backup.snapshot, candidates: 3 } });
  }, 180_000);

  it('refuses a choice it does not know, before building anything (exit 2)', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--backup', 'oldest']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--backup oldest: expected newest or random/);
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
  });
});
