import { readFileSync } from 'node:fs';
import { lintRunbook } from './lint.js';
import { runbookFiles } from './runbook-index.js';
import { digestOfRunbookText, type ShippedTable } from './shipped.js';

/**
 * Built as its own entry and run by the build (scripts/build.mjs): the shipped runbooks that
 * pass every check without a word (no error, no warning), by the hash of their text, with
 * what `pitstop list` shows of them. Written beside the bundle, it lets `list` and `lint`
 * answer for an unedited shipped runbook without the YAML parser or the checks, even with an
 * empty state home.
 */
export function shippedTable(dir: string): ShippedTable {
  const table: ShippedTable = {};
  for (const file of runbookFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    const { problems, runbook } = lintRunbook(file, source);
    if (problems.length > 0 || !runbook) continue;
    const { id, title, scenario, engine, summary } = runbook;
    table[digestOfRunbookText(source)] = { id, title, scenario, engine, ...(summary === undefined ? {} : { summary }) };
  }
  return table;
}
