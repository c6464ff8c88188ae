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
