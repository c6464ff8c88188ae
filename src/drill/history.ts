import type { DrillRecord } from './journal.js';
import type { DrillScore } from './score.js';

/** One drill in the history. `result`: pass/fail once scored, else how it stopped. */
export interface DrillSummary {
  id: string;
  runbookId: string;
  fault: string;
  startedAt: string;
  result: 'pass' | 'fail' | 'failed' | 'unscored';
  score?: DrillScore;
}

/** Per runbook: how many drills, the last, the best passing one, and whether RTO is improving. */
export interface RunbookDrills {
  runbookId: string;
  drills: number;
  passed: number;
  last: { id: string; result: DrillSummary['result']; rtoMs: number | null };
  best?: { id: string; rtoMs: number; rowsLost: number };
  /** The last two scored drills compared: RTO shorter (and not failing where it passed) is better. */
  trend: 'better' | 'worse' | 'same' | 'n/a';
}

/** The history `pitstop drills` shows. Pure: drill journals in, summary out. */
export function drillHistory(records: readonly DrillRecord[]): { drills: DrillSummary[]; runbooks: RunbookDrills[] } {
  const drills = records.flatMap((r): DrillSummary[] => {
    const started = r.events.find((e) => e.type === 'drill/started');
    if (started?.type !== 'drill/started') return [];
    const scored = r.events.findLast((e) => e.type === 'drill/scored');
    const failed = r.events.some((e) => e.type === 'drill/failed');
    const score = scored?.type === 'drill/scored' ? scored.score : undefined;
    const result = score ? (score.passed ? 'pass' : 'fail') : failed ? 'failed' : 'unscored';
    return [{ id: r.id, runbookId: started.runbookId, fault: started.fault, startedAt: started.at, result, ...(score ? { score } : {}) }];
  });
  const ids = [...new Set(drills.map((d) => d.runbookId))];
  const runbooks = ids.map((runbookId): RunbookDrills => {
    const mine = drills.filter((d) => d.runbookId === runbookId);
    const last = mine.at(-1)!;
    const passing = mine.filter((d) => d.score?.passed && d.score.rtoMs !== null);
    const best = passing.sort((a, b) => a.score!.rtoMs! - b.score!.rtoMs! || a.score!.rowsLost - b.score!.rowsLost)[0];
    return {
      runbookId,
      drills: mine.length,
      passed: mine.filter((d) => d.result === 'pass').length,
      last: { id: last.id, result: last.result, rtoMs: last.score?.rtoMs ?? null },
      ...(best ? { best: { id: best.id, rtoMs: best.score!.rtoMs!, rowsLost: best.score!.rowsLost } } : {}),
      trend: trendOf(mine.filter((d) => d.score)),
    };
  });
  return { drills, runbooks };
}

function trendOf(scored: readonly DrillSummary[]): RunbookDrills['trend'] {
  if (scored.length < 2) return 'n/a';
  const [a, b] = [scored.at(-2)!.score!, scored.at(-1)!.score!];
  if (a.passed !== b.passed) return b.passed ? 'better' : 'worse';
  if (a.rtoMs === null || b.rtoMs === null) return 'same';
  const change = (b.rtoMs - a.rtoMs) / Math.max(a.rtoMs, 1);
  return change < -0.1 ? 'better' : change > 0.1 ? 'worse' : 'same';
}
