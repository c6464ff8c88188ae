import { parseDuration } from '../util/duration.js';
import { terminalText } from '../util/terminal-text.js';

/** `04:07` or `1:02:09`: a clock for elapsed and remaining time. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The RTO budget left: `12:30 left of 1h`, or how far over it the run is. */
export function rtoLeft(rto: string | undefined, elapsedMs: number): { text: string; over: boolean } | null {
  if (!rto) return null;
  let budget: number;
  try {
    budget = parseDuration(rto);
  } catch {
    return null;
  }
  const left = budget - elapsedMs;
  return left >= 0 ? { text: `RTO ${rto}: ${clock(left)} left`, over: false } : { text: `RTO ${rto}: over by ${clock(-left)}`, over: true };
}

/**
 * One line of at most `width` characters, with an ellipsis when cut. Made safe first
 * (`terminalText`), so the width counts what is shown and a lone `\r` cannot break the line.
 */
export function fit(text: string, width: number): string {
  const flat = terminalText(text).replace(/\s*\n\s*/g, ' ');
  if (width <= 1) return flat.slice(0, Math.max(0, width));
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** A cell value of a query result, as shown in a table (database values are untrusted text). */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return terminalText(typeof value === 'object' ? JSON.stringify(value) : String(value));
}
