import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/** The NDJSON lines of a `--json` drill. */
function eventsOf(stdout: string): Array<Record<string, any>> {
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const stepStatus = (events: Array<Record<string, any>>, stepId: string) => events.findLast((e) => e.type === 'step/finished' && e.stepId === stepId)?.status;

describe('pitstop drill, PostgreSQL corruption', () => {
  it('pg-corruption --fault index-page: a primary key block overwritten, amcheck finds only the index, REINDEX, nothing lost', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'pg-corruption', '--fault', 'index-page', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: |\n\s+at /);
    const events = eventsOf(r.stdout);
    const fault = events.find((e) => e.type === 'drill/fault')!.facts;
    expect(fault).toMatchObject({ kind: 'index-page', table: 'interaction_events_pkey', pageSize: 8192 });
    const scope = events.findLast((e) => e.type === 'step/finished' && e.stepId === 'scope');
    expect(scope?.outputs).toMatchObject({ indexes_only: true, heap_damaged: false });
    expect(stepStatus(events, 'reindex')).toBe('succeeded');
    expect(stepStatus(events, 'validate')).toBe('succeeded');
    const { score } = events.find((e) => e.type === 'drill/scored')!;
    // An index is derived data: REINDEX loses nothing, and the application (paused, then resumed) keeps every row.
    expect(score.writerRows).toBeGreaterThan(3);
    expect(score).toMatchObject({ validated: true, rowsLost: 0, duplicates: 0, unexpectedRows: 0, writerRowsKept: score.writerRows, passed: true });
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
  }, 300_000);
});

describe('pitstop drill, PostgreSQL corruption of a table and server loss', () => {
  it('pg-corruption (fault heap-page): amcheck finds the table, PITR to the fault into a copy, the application repointed to it: nothing lost', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'pg-corruption', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: |\n\s+at /);
    const events = eventsOf(r.stdout);
    const fault = events.find((e) => e.type === 'drill/fault')!.facts;
    expect(fault).toMatchObject({ kind: 'heap-page', table: 'interaction_events', pageSize: 8192 });
    expect(fault.rowsOnDamagedPages).toBeGreaterThan(0);
    const scope = events.findLast((e) => e.type === 'step/finished' && e.stepId === 'scope');
    expect(scope?.outputs).toMatchObject({ heap_damaged: true });
    expect(stepStatus(events, 'restore')).toBe('succeeded');
    expect(stepStatus(events, 'validate-copy')).toBe('succeeded');
    const { score } = events.find((e) => e.type === 'drill/scored')!;
    // Damage writes no WAL: the copy has every committed row, the rows on the damaged block too;
    // the application, down since the damage, writes to the copy once repointed.
    expect(score).toMatchObject({ validated: true, rowsLost: 0, keysReissued: 0, duplicates: 0, unexpectedRows: 0, writerRowsKept: score.writerRows, passed: true });
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
  }, 300_000);

  it('pg-server-loss (fault lost-data-dir): base backup + archive into a new server; the rows only in the lost pg_wal are lost, exactly', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'pg-server-loss', '--auto', '--json']);
    expect(r.stderr).not.toMatch(/pitstop: |\n\s+at /);
    const events = eventsOf(r.stdout);
    const fault = events.find((e) => e.type === 'drill/fault')!.facts;
    expect(fault).toMatchObject({ kind: 'lost-data-dir', file: expect.stringMatching(/data$/) });
    expect(stepStatus(events, 'restore')).toBe('succeeded');
    expect(stepStatus(events, 'validate-copy')).toBe('succeeded');
    const { score } = events.find((e) => e.type === 'drill/scored')!;
    // The application's rows since the backup were in a WAL segment not yet archived (no
    // archive_timeout in the world): every one of them is lost, nothing of the backup. Rows it
    // writes to the new server after the repoint are kept, even where they got a lost row's key.
    expect(fault.writerRowsBefore).toBeGreaterThanOrEqual(3);
    expect(score).toMatchObject({ validated: true, rowsLost: fault.writerRowsBefore, lostByTable: { interaction_events: fault.writerRowsBefore }, rowsLostFromBackup: 0, duplicates: 0 });
    expect(score.writerRowsKept).toBe(score.writerRows - fault.writerRowsBefore);
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
  }, 300_000);
});
