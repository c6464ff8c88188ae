import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, readJournalEvents } from '../helpers/cli.js';

describe('pitstop drill --backup', () => {
  it('random and --guided (headless): several backup runs, one verified snapshot chosen at random and restored by the real runbook, a hint under each step; both in the journal and the score', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--plain', '--backup', 'random', '--guided']);
    expect(r.exitCode, r.stderr).toBe(0);
    const [drillId] = readdirSync(join(s.home, 'drills'));
    const events = readFileSync(join(s.home, 'drills', drillId!, 'drill.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const backup = events.find((e) => e.type === 'drill/backup');
    expect(backup).toMatchObject({ choice: 'random', candidates: 3 });
    expect(backup.backupRunIds).toHaveLength(3);
    expect(r.stdout).toContain(`backup to restore from: ${backup.snapshot} (random, one of 3 verified`);
    // Each backup run took its own snapshot; the chosen one is among them.
    const outputsOf = (runId: string, stepId: string) => readJournalEvents(join(s.home, 'runs', runId)).find((e) => e.type === 'step/finished' && e.stepId === stepId)!.outputs;
    const snapshots = (backup.backupRunIds as string[]).map((id) => outputsOf(id, 'snapshot').path.split('/').pop());
    expect(new Set(snapshots).size).toBe(3);
    expect(snapshots).toContain(backup.snapshot);
    const { score } = events.find((e) => e.type === 'drill/scored');
    // The recovery opened exactly that snapshot.
    expect(outputsOf(score.runId, 'open-snapshot').snapshot.split('/').pop()).toBe(backup.snapshot);
    expect(score).toMatchObject({ passed: true, backup: { choice: 'random', snapshot: backup.snapshot, candidates: 3 }, guided: true });

    // Guided: the parameters' hint before the run, one under each step that ran, counted in the score.
    expect(r.stdout).toMatch(/hint \(parameters\): The incident time is in the log excerpt: the line with the DELETE/);
    expect(r.stdout).toMatch(/freeze-writes[^\n]*\n(?:.*\n)*? {2}hint: The application is still writing/);
    expect(score.hintsShown).toBe((r.stdout.match(/^ {2}hint: /gm) ?? []).length + 1);
    expect(score.hintsShown).toBeGreaterThanOrEqual(12);
    expect(r.stdout).toMatch(new RegExp(`guided: ${score.hintsShown} hints shown`));
  }, 180_000);

  it('refuses a choice it does not know, before building anything (exit 2)', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--auto', '--backup', 'oldest']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--backup oldest: expected newest or random/);
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
  });
});
