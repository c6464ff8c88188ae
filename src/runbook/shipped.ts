import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IndexedRunbook } from './index-cache.js';
import { readSourceFile } from './read-source.js';

/** The shipped runbooks that passed every check at build time, by the sha256 of their text. */
export type ShippedTable = Record<string, IndexedRunbook>;

/** Its name beside the bundle (scripts/build.mjs writes it). */
export const SHIPPED_TABLE_FILE = 'shipped-runbooks.json';

let table: ShippedTable | undefined;

/** The hash a runbook's text is known by in the table. */
export function digestOfRunbookText(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * What `pitstop list` shows of a runbook whose exact text was shipped with this build and
 * passed every check (no error, no warning) when it was built; undefined for anything else.
 * An edited copy has another hash. Without the table (not built, damaged) nothing is known.
 */
export function shippedClean(source: string): IndexedRunbook | undefined {
  table ??= readTable();
  const entry = table[digestOfRunbookText(source)];
  return entry && typeof entry.id === 'string' && typeof entry.title === 'string' ? entry : undefined;
}

/** `shippedClean` of a file's text; undefined when it cannot be read (the full load says why). */
export function shippedEntryOf(file: string): IndexedRunbook | undefined {
  try {
    return shippedClean(readSourceFile(file, 'runbook'));
  } catch {
    return undefined;
  }
}

function readTable(): ShippedTable {
  try {
    const parsed = JSON.parse(readFileSync(new URL(`./${SHIPPED_TABLE_FILE}`, import.meta.url), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ShippedTable) : {};
  } catch {
    return {};
  }
}
