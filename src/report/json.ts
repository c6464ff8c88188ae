import type { Report } from './types.js';

/** The report as pretty JSON: the same object the Markdown is made from. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
