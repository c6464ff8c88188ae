import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from '../config/home.js';
import type { WorldSchema } from './from-target.js';
import type { BackupChoice } from './backup-choice.js';
import type { DrillScore } from './score.js';
import type { FaultFacts, TableFingerprint } from './types.js';

/**
 * A drill's own journal: `$PITSTOP_HOME/drills/<drill-id>/drill.jsonl`, beside its world
 * (`world/`, removed at clean-up unless `--keep`), so the history outlives the world. The
 * runs a drill starts keep their own journals under `runs/`, their `run/started` naming the
 * drill; `drill/scored` is written here only, and `pitstop report` reads it from here.
 */
export type DrillEvent = { at: string } & (
  | { type: 'drill/started'; drillId: string; runbookId: string; fault: string; engine: string; auto: boolean; guided?: boolean }
  | { type: 'drill/world'; dir: string; backupRunId: string; schema?: WorldSchema }
  | ({ type: 'drill/backup'; backupRunIds: string[] } & BackupChoice)
  | { type: 'drill/fingerprint'; tables: Record<string, TableFingerprint> }
  | { type: 'drill/fault'; facts: Omit<FaultFacts, 'keys'> & { rows: number } }
  | { type: 'drill/page'; alert: string[]; log: string[] }
  | { type: 'drill/recovery'; runId: string }
  | { type: 'drill/scored'; drillId: string; runbookId: string; fault: string; score: DrillScore }
  | { type: 'drill/cleaned'; kept: boolean; dir: string; writerFailures: number; unfinishedRun?: string }
  | { type: 'drill/failed'; error: string }
);

/** The journal's file name in a drill's directory. */
export const DRILL_JOURNAL = 'drill.jsonl';

/** Where every drill lives. */
export function drillsDir(home: string): string {
  return join(home, 'drills');
}

/** Appends events to a drill's journal (made on first use). */
export function openDrillJournal(dir: string): { append(event: DrillEvent): void } {
  ensureDir(dir);
  const file = join(dir, DRILL_JOURNAL);
  return { append: (event) => appendFileSync(file, `${JSON.stringify(event)}\n`, { mode: 0o600 }) };
}

/** One drill as its journal tells it. */
export interface DrillRecord {
  id: string;
  events: DrillEvent[];
}

/** Every drill under the home, oldest first (ids sort by time); lines that do not parse are left out. */
export function readDrills(home: string): DrillRecord[] {
  const root = drillsDir(home);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .flatMap((id) => {
      const file = join(root, id, DRILL_JOURNAL);
      if (!existsSync(file)) return [];
      return [{ id, events: readFileSync(file, 'utf8').split('\n').flatMap(parseLine) }];
    });
}

function parseLine(line: string): DrillEvent[] {
  if (line.trim() === '') return [];
  try {
    const event = JSON.parse(line) as DrillEvent;
    return typeof event?.type === 'string' && event.type.startsWith('drill/') ? [event] : [];
  } catch {
    return [];
  }
}
