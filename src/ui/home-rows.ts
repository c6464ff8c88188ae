import type { HomeData, HomePractice, HomeRun, HomeRunbook } from './home-data.js';

/** One line of the home list; `heading` starts a group (unfinished runs, or a scenario). */
export type HomeRow =
  | { kind: 'run'; value: string; heading?: string; run: HomeRun }
  | { kind: 'runbook'; value: string; heading?: string; runbook: HomeRunbook }
  | { kind: 'drill'; value: string; heading?: string; practice: HomePractice };

/** The heading of the drillable runbooks (Enter starts a drill on a throwaway world). */
export const PRACTICE_HEADING = 'Practice: drill a runbook on a throwaway world';

/**
 * The home list: unfinished runs first, then runbooks grouped by scenario, then Practice (the drillable runbooks), keeping only what
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
  const practice = (home.practice?.runbooks ?? []).filter((p) => matches(p.runbookId, p.engine, p.last?.result, 'practice drill'));
  practice.forEach((p, i) => rows.push({ kind: 'drill', value: `drill:${p.runbookId}`, practice: p, ...(i === 0 ? { heading: PRACTICE_HEADING } : {}) }));
  return rows;
}
