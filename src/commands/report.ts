import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir, runsDir } from '../config/home.js';
import { EXIT, UsageError } from '../errors.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { checkReportPath, writeReport } from '../report/report.js';
import { discoverRunbooks } from '../runbook/discover.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
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
  const first = events[0];
  const runbook = first?.type === 'run/started' ? runbookOf(first.runbookId, args) : undefined;
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
 * The run's runbook, if it can still be found: its SLA scores the RTO, its steps give titles
 * and show the steps the run never reached.
 */
function runbookOf(runbookId: string, args: CliArgs) {
  const entry = discoverRunbooks(runbookDirs(args)).runbooks.find((r) => r.id === runbookId);
  if (!entry) return undefined;
  try {
    return loadRunbookFile(entry.file).runbook;
  } catch {
    return undefined;
  }
}
