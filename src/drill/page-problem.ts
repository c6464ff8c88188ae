import { logTime } from './page.js';
import type { Page, WrittenRow } from './types.js';

/** What a fault that breaks the database (rather than its data) looks like to the application. */
export interface Symptom {
  /** The alert's first line, after `ALERT [drill] `. */
  alert: string;
  /** What the on-call engineer should do first. */
  ask: string;
  /** The application's error, as its log writes it. */
  error: string;
}

/**
 * The page for a broken database: the alert, and the application log around the fault (its
 * last rows committed, then its errors), in the server's local time. Pure.
 */
export function problemPage(symptom: Symptom, faultAt: number, written: readonly WrittenRow[], runbookId: string, detectedAt: number): Page {
  const alert = [`ALERT [drill] ${symptom.alert}`, `  paged ${logTime(detectedAt)} · target drill · runbook ${runbookId}`, `  ${symptom.ask}`];
  const created = (row: WrittenRow) => `${logTime(row.at)} INFO  [api] ${row.table}: created id=${row.key}`;
  const log = [
    ...written.filter((row) => row.at <= faultAt).slice(-3).map(created),
    ...written.filter((row) => row.at > faultAt).slice(0, 2).map(created),
    `${logTime(Math.max(faultAt + 1, detectedAt - 1))} ERROR [api] ${symptom.error}`,
  ];
  // Every line starts with its local time at the same offset: text order is time order.
  return { alert, log: log.sort() };
}
