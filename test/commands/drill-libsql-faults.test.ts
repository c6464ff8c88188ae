import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/** The NDJSON lines of a `--json` drill. */
function eventsOf(stdout: string): Array<Record<string, any>> {
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const stepStatus = (events: Array<Record<string, any>>, stepId: string) => events.findLast((e) => e.type === 'step/finished' && e.stepId === stepId)?.status;

describe('pitstop drill, libSQL corruption and a lost file', () => {
  it('libsql-corruption (fault page): a real table page overwritten, the runbook restores and salvages, nothing committed is lost', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-corruption', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: |\n\s+at /);
    const events = eventsOf(r.stdout);
    const fault = events.find((e) => e.type === 'drill/fault')!.facts;
    expect(fault).toMatchObject({ kind: 'page', table: 'tickets', pageSize: expect.any(Number) });
    expect(fault.pages).toHaveLength(1);
    // A page in the middle of the table: every row on it is in the backup, none of them a row the application wrote.
    expect(fault.rowsOnDamagedPages).toBeGreaterThan(0);
    // The runbook's own path: the integrity check finds the table, a snapshot is swapped in, the damaged file salvaged.
    expect(stepStatus(events, 'check')).toBe('succeeded');
    expect(stepStatus(events, 'restore')).toBe('succeeded');
    expect(stepStatus(events, 'salvage')).toBe('succeeded');
    expect(stepStatus(events, 'final-check')).toBe('succeeded');
    const { score } = events.find((e) => e.type === 'drill/scored')!;
    // The path implies no loss: the damaged rows come from the backup, the application's rows
    // (before the fault, after it, after the restore) from the damaged file or the new one.
    expect(score).toMatchObject({ validated: true, rowsLost: 0, rowsLostFromBackup: 0, duplicates: 0, unexpectedRows: 0, passed: true });
    expect(score.writerRows).toBeGreaterThan(3);
    expect(score.writerRowsKept).toBe(score.writerRows);
    expect(r.exitCode).toBe(0);
  }, 180_000);

  it('libsql-not-responding (fault lost-file): the file is gone, the runbook restores the snapshot, the application\'s rows since the backup are lost', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-not-responding', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: |\n\s+at /);
    const events = eventsOf(r.stdout);
    const fault = events.find((e) => e.type === 'drill/fault')!.facts;
    expect(fault).toMatchObject({ kind: 'lost-file', file: expect.stringMatching(/drill\.db$/) });
    expect(stepStatus(events, 'connect')).toBe('failed');
    expect(stepStatus(events, 'restore-file')).toBe('succeeded');
    expect(stepStatus(events, 'verify')).toBe('succeeded');
    const { score } = events.find((e) => e.type === 'drill/scored')!;
    // The snapshot is older than every row the application wrote, and the application keeps the
    // removed file open (the runbook never restarts it): each of its rows is lost, nothing else.
    expect(score.writerRows).toBeGreaterThan(3);
    expect(score).toMatchObject({ validated: true, rowsLost: score.writerRows, lostByTable: { tickets: score.writerRows }, rowsLostFromBackup: 0, writerRowsKept: 0, duplicates: 0, passed: true });
    expect(r.exitCode).toBe(0);
  }, 180_000);

  it('refuses the server faults for a local file (exit 2)', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-not-responding', '--fault', 'hung', '--auto']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/does not recover from the fault hung[\s\S]*Its faults: lost-file/);
  });
});
