import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { loadConfig } from '../config/load.js';
import { drillHistory } from '../drill/history.js';
import { readDrills } from '../drill/journal.js';
import { SCENARIOS } from '../drill/scenarios.js';
import { listRuns } from '../journal/run-index.js';
import { discoverRunbooks } from '../runbook/discover.js';
import type { Runbook } from '../runbook/schema.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
import { chooseTarget } from '../runner/target-choice.js';

/** An unfinished run offered for resuming. */
export interface HomeRun {
  runId: string;
  runbookId: string;
  target: string;
  status: string;
  startedAt: string;
}

/** A runbook as the home screen lists it, with the target a run would use. */
export interface HomeRunbook {
  id: string;
  title: string;
  scenario: string;
  engine: string;
  summary?: string;
  /** The target name, or why there is none (`needs --target`). */
  target: string;
  targetOk: boolean;
}

/** A drillable runbook in the Practice section, with how its last drill went. */
export interface HomePractice {
  runbookId: string;
  engine: string;
  drills: number;
  /** The last drill: pass/fail once scored (else how it stopped) and its RTO. */
  last?: { result: string; rtoMs: number | null };
}

export interface HomeData {
  runs: HomeRun[];
  runbooks: HomeRunbook[];
  /** The drillable runbooks (Practice); `firstDrill`: no drill in the history yet (a drill started now is guided). */
  practice?: { runbooks: HomePractice[]; firstDrill: boolean };
  /** Runbook files that did not load, with their error. */
  broken: string[];
  /** Backup health, one line per target (`pitstop status`): `checking` until it is known. */
  health?: string[] | 'checking';
}

/** Reads what the home screen lists: unfinished runs first, then runbooks by scenario. */
export async function loadHomeData(args: CliArgs): Promise<HomeData> {
  const home = pitstopHome();
  const runs = (await listRuns(home))
    .filter((r) => r.status !== 'finished' && r.status !== 'aborted')
    .map(({ runId, runbookId, target, status, startedAt }) => ({ runId, runbookId, target, status, startedAt }));
  const { runbooks, broken } = discoverRunbooks(runbookDirs(args));
  const targets = loadConfig({ ...(args.config ? { file: args.config } : {}), home });
  const listed = runbooks.map((r): HomeRunbook => {
    let target: string;
    let targetOk = true;
    try {
      // Only the engine and id matter for choosing a target.
      target = chooseTarget(targets, args.target, { id: r.id, engine: r.engine } as Runbook).name;
    } catch {
      target = r.engine === 'postgres' && targets.file === null ? 'no target: add one to pitstop.yaml' : 'needs --target';
      targetOk = false;
    }
    return { id: r.id, title: r.title, scenario: r.scenario, engine: r.engine, ...(r.summary ? { summary: r.summary } : {}), target, targetOk };
  });
  listed.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.id.localeCompare(b.id));
  return { runs, runbooks: listed, broken: broken.map((b) => b.error), practice: practiceOf(home) };
}

/** Every scenario of `src/drill/scenarios.ts`, with its drill history (last result, RTO). */
function practiceOf(home: string): NonNullable<HomeData['practice']> {
  const history = drillHistory(readDrills(home));
  const runbooks = SCENARIOS.map((scenario): HomePractice => {
    const mine = history.runbooks.find((r) => r.runbookId === scenario.runbookId);
    return { runbookId: scenario.runbookId, engine: scenario.engine, drills: mine?.drills ?? 0, ...(mine ? { last: { result: mine.last.result, rtoMs: mine.last.rtoMs } } : {}) };
  });
  return { runbooks, firstDrill: history.drills.length === 0 };
}
