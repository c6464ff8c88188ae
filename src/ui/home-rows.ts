import type { HomeData, HomeRun, HomeRunbook } from './home-data.js';

/** One line of the home list; `heading` starts a group (unfinished runs, or a scenario). */
export type HomeRow =
  | { kind: 'run'; value: string; heading?: string; run: HomeRun }
  | { kind: 'runbook'; value: string; heading?: string; runbook: HomeRunbook };

/**
 * The home list: unfinished runs first, then runbooks grouped by scenario, keeping only what
 * matches every word of `filter` (in id, title, scenario, engine, summary, target, status).
 */
export function homeRows(home: HomeData, filter: string): HomeRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (...fields: (string | undefined)[]) => {
    const text = fields.filter(Boolean).join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  };
  const rows: HomeRow[] = [];
  const runs = home.runs.filter((r) => matches(r.runId, r.runbookId, r.target, r.status, 'resume unfinished'));
  runs.forEach((run, i) => rows.push({ kind: 'run', value: `run:${run.runId}`, run, ...(i === 0 ? { heading: 'Unfinished runs' } : {}) }));
  let scenario: string | null = null;
  for (const runbook of home.runbooks) {
    if (!matches(runbook.id, runbook.title, runbook.scenario, runbook.engine, runbook.summary, runbook.target)) continue;
    const heading = runbook.scenario !== scenario ? runbook.scenario : undefined;
    scenario = runbook.scenario;
    rows.push({ kind: 'runbook', value: `runbook:${runbook.id}`, runbook, ...(heading ? { heading } : {}) });
  }
  return rows;
}
