import type { RunEvent } from '../engine/types.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { buildReport, type BuildReportOptions } from './build.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { writeReportFile } from './output-file.js';
import type { Report } from './types.js';

export type ReportFormat = 'md' | 'json';

/**
 * For `pitstop report`: builds the report from a run directory (or events already read) and
 * writes it to `outFile` (owner-only, written whole or not at all: `writeReportFile`) or to
 * stdout. Check `outFile` with `checkReportPath` first. Returns the text written.
 */
export function writeReport(
  source: { runDir: string } | { events: readonly RunEvent[] },
  format: ReportFormat,
  opts: BuildReportOptions & { outFile?: string; stdout?: (text: string) => void } = {},
): string {
  let events: readonly RunEvent[];
  let truncatedTail = opts.truncatedTail ?? false;
  let damagedAt = opts.damagedAt;
  if ('runDir' in source) {
    // A report replays nothing: a damaged line ends it, and the report says so.
    const read = readJournal(journalPath(source.runDir), { upTo: 'first-damage' });
    events = read.events;
    truncatedTail ||= read.truncatedTail;
    damagedAt ??= read.damagedAt;
  } else {
    events = source.events;
  }
  const { outFile, stdout, ...buildOpts } = opts;
  const report: Report = buildReport(events, { ...buildOpts, truncatedTail, ...(damagedAt ? { damagedAt } : {}) });
  const text = format === 'json' ? renderJson(report) : renderMarkdown(report);
  if (outFile) {
    writeReportFile(outFile, text);
  } else {
    (stdout ?? ((t: string) => process.stdout.write(t)))(text);
  }
  return text;
}
