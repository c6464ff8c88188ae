import { drillHistory } from '../drill/history.js';
import { readDrills } from '../drill/journal.js';
import { listRuns } from '../journal/run-index.js';
import type { LastDrill, LastRun } from './metrics.js';

/**
 * The newest run of each runbook on each target, and the newest drill of each runbook, for
 * the metrics: a team alerts on a backup runbook whose last run failed, and watches drills.
 */
export async function metricsHistory(home: string): Promise<{ runs: LastRun[]; drills: LastDrill[] }> {
  const newest = new Map<string, LastRun & { at: string }>();
  for (const run of await listRuns(home)) {
    const key = `${run.runbookId}\u0000${run.target}`;
    const seen = newest.get(key);
    if (seen && seen.at >= run.startedAt) continue;
    const status = run.status === 'finished' ? 0 : run.status === 'failed' ? 1 : 2;
    newest.set(key, { runbook: run.runbookId, target: run.target, status, at: run.startedAt });
  }
  const { drills } = drillHistory(readDrills(home));
  const lastDrill = new Map<string, LastDrill>();
  for (const d of drills) {
    lastDrill.set(d.runbookId, {
      runbook: d.runbookId,
      rtoSeconds: d.score?.rtoMs == null ? null : d.score.rtoMs / 1000,
      rowsLost: d.score?.rowsLost ?? null,
      passed: d.result === 'pass',
    });
  }
  return { runs: [...newest.values()].map(({ at: _at, ...run }) => run), drills: [...lastDrill.values()] };
}
