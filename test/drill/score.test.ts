import { describe, expect, it } from 'vitest';
import { scoreDrill, slowestSteps, type ScoreInput } from '../../src/drill/score.js';

const T0 = Date.parse('2026-11-29T10:00:00Z');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function input(over: Partial<ScoreInput> = {}): ScoreInput {
  return {
    fingerprintAt: T0,
    before: { tickets: range(1, 10), interacciones: range(1, 20) },
    written: [
      { table: 'tickets', key: 11, at: T0 + 1000 },
      { table: 'tickets', key: 12, at: T0 + 2000 },
      { table: 'tickets', key: 13, at: T0 + 9000 },
    ],
    after: { tickets: range(1, 13), interacciones: range(1, 20) },
    faultAt: T0 + 5000,
    run: { runId: 'r1', status: 'succeeded', finishedAt: new Date(T0 + 65_000).toISOString(), validated: true, steps: { a: 10, b: 300, c: 20, d: 5 } },
    sla: { rtoMs: 3_600_000, rpoMs: 900_000 },
    ...over,
  };
}

describe('scoreDrill', () => {
  it('a key the application got twice: the first row was lost (a restore rewound the sequence), though its key is present', () => {
    const written = [...input().written, { table: 'tickets', key: 12, at: T0 + 20_000 }];
    const score = scoreDrill(input({ written, after: { tickets: [...range(1, 10), 12, 13], interacciones: range(1, 20) } }));
    expect(score).toMatchObject({ rowsLost: 2, lostByTable: { tickets: 2 }, keysReissued: 1, rowsLostFromBackup: 0, rpoMs: 4000, writerRows: 4, writerRowsKept: 2 });
  });

  it('a complete recovery: nothing lost, RTO from the fault to the validated end, within the SLA', () => {
    const score = scoreDrill(input());
    expect(score).toMatchObject({ validated: true, rtoMs: 60_000, rtoWithinSla: true, rowsLost: 0, rpoMs: 0, rpoWithinSla: true, duplicates: 0, writerRows: 3, writerRowsKept: 3, passed: true });
    expect(score.slowest).toEqual([{ stepId: 'b', ms: 300 }, { stepId: 'c', ms: 20 }, { stepId: 'a', ms: 10 }]);
  });

  it('rows written after the backup and deleted are lost: counted per table, the RPO is the time since the oldest of them', () => {
    const score = scoreDrill(input({ after: { tickets: [...range(1, 10), 13], interacciones: range(1, 20) } }));
    expect(score).toMatchObject({ rowsLost: 2, lostByTable: { tickets: 2 }, rowsLostFromBackup: 0, rpoMs: 4000, rpoWithinSla: true, passed: true });
    expect(score.writerRowsKept).toBe(1);
  });

  it('rows the backup had and the recovery did not bring back fail the RPO whatever the time; they do not make the window', () => {
    const score = scoreDrill(input({ after: { tickets: [...range(1, 10), 13], interacciones: range(3, 20) } }));
    expect(score).toMatchObject({ rowsLost: 4, lostByTable: { tickets: 2, interacciones: 2 }, rowsLostFromBackup: 2, rpoMs: 4000, rpoWithinSla: false, passed: false });
  });

  it('an RPO beyond the SLA fails the drill even when validated', () => {
    const score = scoreDrill(input({ after: { tickets: [...range(1, 11), 13], interacciones: range(1, 20) }, sla: { rtoMs: 3_600_000, rpoMs: 1000 } }));
    expect(score).toMatchObject({ validated: true, rowsLost: 1, rpoMs: 3000, rpoWithinSla: false, passed: false });
  });

  it('a key twice is a duplicate, a key never committed is unexpected; duplicates fail the drill', () => {
    const score = scoreDrill(input({ after: { tickets: [...range(1, 13), 5, 5, 99], interacciones: range(1, 20) } }));
    expect(score).toMatchObject({ duplicates: 2, unexpectedRows: 1, rowsLost: 0, passed: false });
  });

  it('a recovery that did not validate has no RTO and fails', () => {
    const score = scoreDrill(input({ run: { runId: 'r1', status: 'failed', validated: false, steps: {} } }));
    expect(score).toMatchObject({ validated: false, rtoMs: null, rtoWithinSla: false, passed: false });
  });

  it('an RTO beyond the SLA fails; a runbook without an SLA judges nothing', () => {
    expect(scoreDrill(input({ sla: { rtoMs: 30_000 } })).passed).toBe(false);
    const none = scoreDrill(input({ sla: {} }));
    expect(none).toMatchObject({ rtoWithinSla: null, rpoWithinSla: null, passed: true });
  });

  it('text keys compare as themselves', () => {
    const score = scoreDrill(input({ before: { t: ['a', 'b'] }, written: [], after: { t: ['b'] } }));
    expect(score.lostByTable).toEqual({ t: 1 });
  });
});

describe('slowestSteps', () => {
  it('keeps the n longest, longest first, ties by id', () => {
    expect(slowestSteps({ x: 1, y: 1, z: 2 }, 2)).toEqual([{ stepId: 'z', ms: 2 }, { stepId: 'x', ms: 1 }]);
  });
});
