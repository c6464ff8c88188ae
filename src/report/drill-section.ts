import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../engine/types.js';
import { DRILL_JOURNAL, drillsDir, type DrillEvent } from '../drill/journal.js';
import { scoreLines } from '../drill/score-text.js';
import type { DrillScore } from '../drill/score.js';

/** What the report of a drill's recovery run adds: the drill and its score. */
export interface DrillSection {
  drillId: string;
  fault: string;
  score: DrillScore;
}

const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The drill section of a run's report: found when the run's `run/started` names a drill whose
 * journal scored this run. Null for any other run (or a drill that was not scored).
 */
export function drillSectionOf(home: string, events: readonly RunEvent[]): DrillSection | null {
  const first = events[0];
  if (first?.type !== 'run/started' || !first.drill || !PLAIN_ID.test(first.drill)) return null;
  const file = join(drillsDir(home), first.drill, DRILL_JOURNAL);
  if (!existsSync(file)) return null;
  for (const line of readFileSync(file, 'utf8').split('\n').reverse()) {
    let event: DrillEvent;
    try {
      event = JSON.parse(line) as DrillEvent;
    } catch {
      continue;
    }
    if (event.type === 'drill/scored' && event.score.runId === first.runId) return { drillId: first.drill, fault: event.fault, score: event.score };
  }
  return null;
}

/** The section in Markdown, after the report. */
export function drillMarkdown(section: DrillSection): string {
  return ['', `## Drill ${section.drillId} (fault ${section.fault})`, '', '```', ...scoreLines(section.score), '```', ''].join('\n');
}
