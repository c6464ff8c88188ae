import { terminalJson } from '../util/terminal-text.js';
import type { Report } from './types.js';

/**
 * The report as pretty JSON: the same object the Markdown is made from, with every control
 * character escaped (C1 and bidi controls too: it may be printed on a terminal).
 */
export function renderJson(report: Report): string {
  return `${terminalJson(report, 2)}\n`;
}
