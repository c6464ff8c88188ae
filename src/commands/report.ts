import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir, runsDir } from '../config/home.js';
import { EXIT, UsageError } from '../errors.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { checkReportPath, writeReport, writeReportFile } from '../report/report.js';
import { drillMarkdown, drillSectionOf } from '../report/drill-section.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';
import { journalEnding, journalSkips } from '../report/run-ending.js';
import { isDestructive } from '../engine/policy.js';
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
  const dir = runDir(home, runId);
  const { runbook, started } = runbooksOf(dir, events, args);
  // Damage makes the ending unknowable: the journal is cut there.
  const ending = damagedAt ? undefined : journalEnding(events, started, (hash) => editedCopy(dir, events, hash));
  const skipped = damagedAt ? {} : journalSkips(events, started, (hash) => editedCopy(dir, events, hash));
  const stdout = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  // A drill's recovery run: the report is written once the drill's score is added to it.
  const drill = drillSectionOf(home, events);
  const text = writeReport({ events }, format, {
    ...(ending ? { ending } : {}),
    skipped,
    truncatedTail,
    ...(damagedAt ? { damagedAt } : {}),
    ...(runbook?.sla ? { sla: runbook.sla } : {}),
    ...(runbook ? { runbookSteps: runbook.steps.map((step) => ({ id: step.id, kind: step.kind, ...(step.title ? { title: step.title } : {}), destructive: isDestructive(step), ...(step.body ? { body: step.body } : {}) })), title: runbook.title } : {}),
    ...(outFile && !drill ? { outFile } : {}),
    stdout: drill ? () => undefined : stdout,
  });
  if (drill) {
    const withDrill = format === 'json' ? `${terminalJson({ ...JSON.parse(text), drill }, 2)}\n` : `${text}${terminalText(drillMarkdown(drill))}`;
    if (outFile) writeReportFile(outFile, withDrill);
    else stdout(withDrill);
  }
  return EXIT.ok;
}

/**
 * The runbook the run went by (`runbook`): the copy kept in its directory (the edited one it
 * was told to go on with, if any), else — a run from before copies were kept — the runbook of
 * that id found today. Its SLA scores the RTO, its steps give titles and show the steps never
 * reached. And the one it began with (`started`), which the journal replays against.
 */
function runbooksOf(dir: string, events: RunEvent[], args: CliArgs): { runbook?: Runbook; started?: Runbook } {
  const first = events[0];
  if (first?.type !== 'run/started') return {};
  const edited = events.findLast((e) => e.type === 'run/runbook-changed');
  const started = copyOf(dir, STARTED_COPY, first.runbookHash);
  const latest = edited?.type === 'run/runbook-changed' ? copyOf(dir, edited.file, edited.runbookHash) : started;
  if (latest) return { runbook: latest, ...(started ? { started } : {}) };
  const today = runbookFoundToday(first.runbookId, args);
  // A run from before copies were kept replays against today's runbook when it is the same text.
  return { ...(today ? { runbook: today.runbook } : {}), ...(today && !edited && today.hash === first.runbookHash ? { started: today.runbook } : {}) };
}

/** A runbook copy of the run directory, or undefined when it is missing or damaged (the report still renders from the journal). */
function copyOf(dir: string, name: string, hash: string): Runbook | undefined {
  try {
    return loadRunbookCopy(dir, name, hash)?.runbook;
  } catch {
    return undefined;
  }
}

/** The copy of the edited runbook with this hash the run went on with. */
function editedCopy(dir: string, events: RunEvent[], hash: string): Runbook | undefined {
  const changed = events.find((e) => e.type === 'run/runbook-changed' && e.runbookHash === hash);
  return changed?.type === 'run/runbook-changed' ? copyOf(dir, changed.file, hash) : undefined;
}

/** The runbook of that id found today (for a run from before copies were kept). */
function runbookFoundToday(runbookId: string, args: CliArgs): { runbook: Runbook; hash: string } | undefined {
  const entry = discoverRunbooks(runbookDirs(args)).runbooks.find((r) => r.id === runbookId);
  if (!entry) return undefined;
  try {
    return loadRunbookFile(entry.file);
  } catch {
    return undefined;
  }
}
