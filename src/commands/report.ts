import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir, runsDir } from '../config/home.js';
import { EXIT, UsageError } from '../errors.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { checkReportPath, writeReport } from '../report/report.js';
import { discoverRunbooks } from '../runbook/discover.js';
import { STARTED_COPY } from '../runner/runbook-copy.js';
import { loadRunbookCopy } from '../runner/runbook-copy-load.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
import type { RunEvent } from '../engine/types.js';
import type { Runbook } from '../runbook/schema.js';
import { loadRunbookFile } from '../runbook/load.js';

/** `pitstop report RUN_ID [--format md|json] [-o FILE]`: the incident timeline. */
export async function reportCommand(args: CliArgs): Promise<number> {
  const runId = args.positionals[0];
  if (!runId) throw new UsageError('which run? `pitstop report RUN_ID`', { hint: 'See `pitstop runs`.' });
  const format = args.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`unknown format ${format}`, { hint: 'Use --format md or --format json.' });
  const home = pitstopHome();
  const file = journalPath(runDir(home, runId));
  if (!existsSync(file)) throw new UsageError(`no run ${runId}`, { hint: 'See `pitstop runs` for the run ids.' });
  const outFile = args.output === undefined ? undefined : checkReportPath(args.output, runsDir(home));
  // A report replays nothing: it renders what the journal holds up to a damaged line, and says so.
  const { events, truncatedTail, damagedAt } = readJournal(file, { upTo: 'first-damage' });
  if (damagedAt) {
    process.stderr.write(`note: the journal of ${runId} is damaged at line ${damagedAt.line} (${damagedAt.problem}): the report covers the events before it\n`);
  }
  const runbook = runbookOf(runDir(home, runId), events, args);
  writeReport({ events }, format, {
    truncatedTail,
    ...(damagedAt ? { damagedAt } : {}),
    ...(runbook?.sla ? { sla: runbook.sla } : {}),
    ...(runbook ? { runbookSteps: runbook.steps, title: runbook.title } : {}),
    ...(outFile ? { outFile } : {}),
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  });
  return EXIT.ok;
}

/**
 * The runbook the run went by: the copy kept in its directory (the edited one it was told to
 * go on with, if any), else — a run from before copies were kept — the runbook of that id
 * found today. Its SLA scores the RTO, its steps give titles and show the steps never reached.
 */
function runbookOf(dir: string, events: RunEvent[], args: CliArgs): Runbook | undefined {
  const first = events[0];
  if (first?.type !== 'run/started') return undefined;
  const edited = events.findLast((e) => e.type === 'run/runbook-changed');
  try {
    const copy =
      edited?.type === 'run/runbook-changed'
        ? loadRunbookCopy(dir, edited.file, edited.runbookHash)
        : loadRunbookCopy(dir, STARTED_COPY, first.runbookHash);
    if (copy) return copy.runbook;
  } catch {
    // A damaged copy: the report still renders from the journal, titled from the runbook found today.
  }
  const entry = discoverRunbooks(runbookDirs(args)).runbooks.find((r) => r.id === first.runbookId);
  if (!entry) return undefined;
  try {
    return loadRunbookFile(entry.file).runbook;
  } catch {
    return undefined;
  }
}
