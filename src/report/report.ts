/** The incident report of a run (README, "Using it": pitstop report): build it from the journal, render it. */
export { buildReport, type BuildReportOptions } from './build.js';
export { renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { writeReport, type ReportFormat } from './write.js';
export { checkReportPath, writeReportFile } from './output-file.js';
export type * from './types.js';
