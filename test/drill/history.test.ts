import { describe, expect, it } from 'vitest';
import { drillHistory } from '../../src/drill/history.js';
import type { DrillRecord } from '../../src/drill/journal.js';
import type { DrillScore } from '../../src/drill/score.js';

function score(over: Partial<DrillScore>): DrillScore {
  return { runId: 'r', validated: true, rtoMs: 10_000, rtoWithinSla: true, rowsLost: 0, lostByTable: {}, rowsLostFromBackup: 0, rpoMs: 0, rpoWithinSla: true, duplicates: 0, unexpectedRows: 0, writerRows: 5, writerRowsKept: 5, slowest: [], sla: {}, passed: true, ...over };
}

function drill(id: string, runbookId: string, s: DrillScore | 'failed' | 'none'): DrillRecord {
  const at = '2026-11-29T00:00:00.000Z';
  return {
    id,
    events: [
      { type: 'drill/started', at, drillId: id, runbookId, fault: 'delete', engine: 'libsql', auto: true },
      ...(s === 'failed' ? [{ type: 'drill/failed' as const, at, error: 'boom' }] : s === 'none' ? [] : [{ type: 'drill/scored' as const, at, drillId: id, runbookId, fault: 'delete', score: s }]),
    ],
  };
}

describe('drillHistory', () => {
  it('lists each drill with its result; per runbook the last, the best passing one and the trend of the last two', () => {
    const h = drillHistory([
      drill('d1', 'a', score({ rtoMs: 20_000 })),
      drill('d2', 'a', score({ rtoMs: 8_000, rowsLost: 2 })),
      drill('d3', 'a', score({ rtoMs: 9_000, rowsLost: 1 })),
      drill('d4', 'b', 'failed'),
      drill('d5', 'b', 'none'),
    ]);
    expect(h.drills.map((d) => [d.id, d.result])).toEqual([['d1', 'pass'], ['d2', 'pass'], ['d3', 'pass'], ['d4', 'failed'], ['d5', 'unscored']]);
    expect(h.runbooks[0]).toEqual({ runbookId: 'a', drills: 3, passed: 3, last: { id: 'd3', result: 'pass', rtoMs: 9_000 }, best: { id: 'd2', rtoMs: 8_000, rowsLost: 2 }, trend: 'worse' });
    expect(h.runbooks[1]).toMatchObject({ runbookId: 'b', drills: 2, passed: 0, trend: 'n/a' });
    expect(h.runbooks[1]!.best).toBeUndefined();
  });

  it('a pass after a fail is better whatever the times; a similar RTO is the same', () => {
    expect(drillHistory([drill('d1', 'a', score({ passed: false, rtoMs: 1000 })), drill('d2', 'a', score({ rtoMs: 50_000 }))]).runbooks[0]!.trend).toBe('better');
    expect(drillHistory([drill('d1', 'a', score({ rtoMs: 10_000 })), drill('d2', 'a', score({ rtoMs: 10_500 }))]).runbooks[0]!.trend).toBe('same');
  });
});
