import { chmodSync, writeFileSync } from 'node:fs';
import type { RunEvent } from '../engine/types.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { buildReport, type BuildReportOptions } from './build.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './types.js';

export type ReportFormat = 'md' | 'json';

/**
 * For `pitstop report`: builds the report from a run directory (or events already read) and
 * writes it to `outFile` (owner-only, 0600: a report names databases, people and commands)
 * or to stdout. Returns the text written.
 */
export function writeReport(
  source: { runDir: string } | { events: readonly RunEvent[] },
  format: ReportFormat,
  opts: BuildReportOptions & { outFile?: string; stdout?: (text: string) => void } = {},
): string {
  let events: readonly RunEvent[];
  let truncatedTail = opts.truncatedTail ?? false;
  if ('runDir' in source) {
    const read = readJournal(journalPath(source.runDir));
    events = read.events;
    truncatedTail ||= read.truncatedTail;
  } else {
    events = source.events;
  }
  const { outFile, stdout, ...buildOpts } = opts;
  const report: Report = buildReport(events, { ...buildOpts, truncatedTail });
  const text = format === 'json' ? renderJson(report) : renderMarkdown(report);
  if (outFile) {
    writeFileSync(outFile, text, { mode: 0o600 });
    // `mode` applies only when the file is created; an existing file is tightened too.
    chmodSync(outFile, 0o600);
  } else {
    (stdout ?? ((t: string) => process.stdout.write(t)))(text);
  }
  return text;
}
