import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir } from '../config/home.js';
import { EXIT } from '../errors.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { formatRunsTable, listRuns, type RunSummary } from '../journal/run-index.js';
import { stepInProgress, type StepInProgress } from '../journal/run-progress.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';

/**
 * `pitstop runs [--json]`: the run history, newest first. An unfinished run whose step was
 * cut short after some of its stages says which: its resume continues from there.
 */
export async function runsCommand(args: CliArgs): Promise<number> {
  const home = pitstopHome();
  const runs = (await listRuns(home)).map((run) => {
    const progress = isUnfinished(run) ? progressOf(home, run.runId) : null;
    return progress ? { ...run, inProgress: progress } : run;
  });
  if (args.json) process.stdout.write(`${terminalJson(runs, 2)}\n`);
  else process.stdout.write(runs.length ? terminalText(`${formatRunsTable(runs)}\n${progressLines(runs)}`) : 'no runs yet\n');
  return EXIT.ok;
}

function isUnfinished(run: RunSummary): boolean {
  return run.status !== 'finished' && run.status !== 'aborted';
}

/** Best effort: a journal that cannot be read is listed without it (`resume` says why). */
function progressOf(home: string, runId: string): StepInProgress | null {
  try {
    const file = journalPath(runDir(home, runId));
    return existsSync(file) ? stepInProgress(readJournal(file, { upTo: 'first-damage' }).events) : null;
  } catch {
    return null;
  }
}

function progressLines(runs: Array<RunSummary & { inProgress?: StepInProgress }>): string {
  const lines = runs.flatMap((r) => (r.inProgress ? [`${r.runId}: ${r.inProgress.stepId} stopped after stage ${r.inProgress.stages.at(-1)} (done: ${r.inProgress.stages.join(', ')}); resume continues from there`] : []));
  return lines.length ? `\n${lines.join('\n')}\n` : '';
}
