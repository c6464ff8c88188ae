import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome, runDir } from '../config/home.js';
import { EXIT, UsageError } from '../errors.js';
import { readJournal } from '../journal/journal.js';
import { buildReport, renderJson, renderMarkdown } from '../report/report.js';
import { discoverRunbooks } from '../runbook/discover.js';
import { runbookDirs } from '../runner/runbook-dirs.js';
import { loadRunbookFile } from '../runbook/load.js';

/** `pitstop report RUN_ID [--format md|json] [-o FILE]`: the incident timeline. */
export async function reportCommand(args: CliArgs): Promise<number> {
  const runId = args.positionals[0];
  if (!runId) throw new UsageError('which run? `pitstop report RUN_ID`', { hint: 'See `pitstop runs`.' });
  const format = args.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`unknown format ${format}`, { hint: 'Use --format md or --format json.' });
  const file = join(runDir(pitstopHome(), runId), 'journal.jsonl');
  if (!existsSync(file)) throw new UsageError(`no run ${runId}`, { hint: 'See `pitstop runs` for the run ids.' });
  const { events, truncatedTail } = readJournal(file);
  const first = events[0];
  const runbook = first?.type === 'run/started' ? runbookOf(first.runbookId, args) : undefined;
  const report = buildReport(events, {
    truncatedTail,
    ...(runbook?.sla ? { sla: runbook.sla } : {}),
    ...(runbook ? { runbookSteps: runbook.steps, title: runbook.title } : {}),
  });
  const text = format === 'json' ? renderJson(report) : renderMarkdown(report);
  if (args.output) writeFileSync(args.output, text, { mode: 0o600 });
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
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
