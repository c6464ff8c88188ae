import type { FaultFacts, Page, WrittenRow } from './types.js';

/** The drill world's servers run at UTC−06:00 (no daylight saving): the log is not in UTC, as in life. */
export const WORLD_OFFSET_MINUTES = -360;

/** `2026-11-28T19:31:02-06:00`: a time at a fixed offset, RFC 3339 (what `incident_at` takes). */
export function atOffset(ms: number, offsetMinutes = WORLD_OFFSET_MINUTES): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offsetText(offsetMinutes, ':')}`;
}

function offsetText(minutes: number, sep: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${sep}${String(abs % 60).padStart(2, '0')}`;
}

/** A log line's time: `2026-11-28 19:31:02.123 -0600`, as the application writes it. */
export function logTime(ms: number, offsetMinutes = WORLD_OFFSET_MINUTES): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 23)} ${offsetText(offsetMinutes, '')}`;
}


/**
 * The page for a deletion: an alert that says something is wrong but not when exactly, and
 * the application log around it (local times, with offset), where the DELETE line gives the
 * incident time. Pure: the facts and the application's rows in, text out.
 */
export function deletionPage(facts: FaultFacts, written: readonly WrittenRow[], runbookId: string, detectedAt: number, offsetMinutes = WORLD_OFFSET_MINUTES): Page {
  const faultMs = Date.parse(facts.at);
  const keys = facts.keys ?? [];
  const children = Object.entries(facts.children ?? {}).map(([t, n]) => `${n} ${t}`).join(', ');
  const alert = [
    `ALERT [drill] ${facts.table}: row count dropped by ${keys.length} within one minute${children ? ` (and ${children})` : ''}`,
    `  paged ${logTime(detectedAt, offsetMinutes)} · target drill · runbook ${runbookId}`,
    '  Find when the rows were deleted (the application log below is in the server\'s local time), then recover.',
  ];
  const before = written.filter((row) => row.at <= faultMs).slice(-3);
  const after = written.filter((row) => row.at > faultMs).slice(0, 2);
  const shown = shortStatement(facts.statement ?? '');
  const log = [
    ...before.map((row) => `${logTime(row.at, offsetMinutes)} INFO  [api] ${row.table}: created id=${row.key}`),
    `${logTime(faultMs, offsetMinutes)} INFO  [admin-script] ${shown} -- ${keys.length} rows affected`,
    ...after.map((row) => `${logTime(row.at, offsetMinutes)} INFO  [api] ${row.table}: created id=${row.key}`),
    `${logTime(Math.max(faultMs + 1, detectedAt - 1), offsetMinutes)} WARN  [api] ${facts.table}: id=${keys[0]} not found (GET /${facts.table}/${keys[0]} → 404)`,
  ];
  // Every line starts with its local time at the same offset: text order is time order.
  return { alert, log: log.sort() };
}

function shortStatement(sql: string): string {
  return sql.length > 120 ? `${sql.slice(0, 117)}…` : sql;
}

/**
 * `--auto`'s answers to a deletion runbook: the incident a second before the deletion committed,
 * at the world's offset, as a person reads it off the log; the table (the fault's, else
 * `table`); the source a copy comes from in this world.
 */
export function deletionAnswers(table?: string): (facts: FaultFacts, world: { source: string }) => Record<string, string> {
  return (facts, world) => {
    const hit = facts.table ?? table;
    return { incident_at: atOffset(Date.parse(facts.at) - 1000), ...(hit ? { table: hit } : {}), source: world.source };
  };
}
