import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, fstatSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { RunEvent } from '../engine/types.js';
import { BugError, ConfigError } from '../errors.js';
import { ensureDir } from '../config/home.js';
import { guardState, toStateHomeError } from '../config/state-home.js';
import type { Redactor } from '../util/redact.js';
import { isEventType, shapeProblem } from './event-shape.js';
import { journalPath } from './paths.js';

/** The append-only record of a run (README, "Resume"). */
export interface Journal {
  readonly file: string;
  /** True when opening found a line torn by a crash at the end and cut it off. */
  readonly repairedTail: boolean;
  /**
   * Masks secrets in the event, writes it as one line and flushes it to disk before
   * returning: once this returns, the event survives a crash or a power cut.
   */
  append(event: RunEvent): void;
  close(): void;
}

/** Opens (or creates) `journal.jsonl` in a run directory, ready to append. */
export function openJournal(dir: string, redactor: Redactor): Journal {
  const place = { what: 'the journal', dir, runId: basename(dir) };
  const file = journalPath(dir);
  const created = !existsSync(file);
  const opened = guardState(place, () => {
    ensureDir(dir);
    const fd = openSync(file, 'a+', 0o600);
    return { fd, repairedTail: created ? false : repairTail(fd) };
  });
  let fd: number | null = opened.fd;
  const repairedTail = opened.repairedTail;
  // A new file is only durable once its directory entry is (and the run directory's own): flush both.
  if (created) {
    fsyncDir(dir);
    fsyncDir(dirname(dir));
  }

  return {
    file,
    repairedTail,
    append(event) {
      if (fd === null) throw new BugError(`journal ${file} is closed; cannot append ${event.type}`);
      const line = Buffer.from(`${JSON.stringify(redactor.deep(event))}\n`, 'utf8');
      const before = fstatSync(fd).size;
      try {
        let written = 0;
        while (written < line.length) written += writeSync(fd, line, written, line.length - written);
        fsyncSync(fd);
      } catch (error) {
        // A line cut short by a full disk would have the next event glued onto it: cut it off.
        try {
          ftruncateSync(fd, before);
        } catch {
          // resume's torn-tail repair cuts it off then
        }
        throw toStateHomeError(error, place);
      }
    },
    close() {
      if (fd === null) return;
      closeSync(fd);
      fd = null;
    },
  };
}

/** Where a journal read in `first-damage` mode stopped: the first damaged line and what is wrong with it. */
export interface JournalDamage {
  line: number;
  problem: string;
}

/**
 * Reads a journal back. A last line cut short by a crash is left out and reported
 * (`truncatedTail`); a damaged line anywhere before it (not JSON, an unknown type, a required
 * field missing or of the wrong kind) is a ConfigError naming the line, because replaying
 * around a hole could repeat or skip a step. With `upTo: 'first-damage'` (for a report, which
 * replays nothing) the events before that line are returned instead, with `damagedAt`.
 */
export function readJournal(
  file: string,
  opts: { upTo?: 'first-damage' } = {},
): { events: RunEvent[]; truncatedTail: boolean; lineOf: number[]; damagedAt?: JournalDamage } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // After the last newline: '' for a complete file, else an unterminated (maybe torn) line.
  const tail = lines.pop() ?? '';
  const events: RunEvent[] = [];
  // The 1-based line of each event, for errors about an event that does not fit the run.
  const lineOf: number[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const event = parseEvent(line);
    if (typeof event === 'string') {
      if (opts.upTo === 'first-damage') return { events, truncatedTail: false, lineOf, damagedAt: { line: i + 1, problem: event } };
      throw new ConfigError(`the journal is damaged at line ${i + 1}: ${event}`, {
        location: { file, line: i + 1, col: 1 },
        hint: 'Lines after it cannot be trusted for a resume. Keep the run directory for the record and start a new run; the report may still be read up to that line.',
      });
    }
    events.push(event);
    lineOf.push(i + 1);
  }
  let truncatedTail = false;
  if (tail.trim() !== '') {
    const event = parseEvent(tail);
    if (typeof event === 'string') truncatedTail = true;
    else {
      events.push(event);
      lineOf.push(lines.length + 1);
    }
  }
  return { events, truncatedTail, lineOf };
}

function parseEvent(line: string): RunEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const { type, at } = value as { type?: unknown; at?: unknown };
  if (!isEventType(type)) return `unknown event type ${JSON.stringify(type)}`;
  if (typeof at !== 'string') return 'event without a time';
  // Valid JSON with a field missing would otherwise surface later as a TypeError in replay or the report.
  return shapeProblem(type, value as Record<string, unknown>) ?? (value as RunEvent);
}

/**
 * Makes sure the next append starts on a line of its own. A complete event that only lacks
 * its newline is kept (a newline is added); a torn one is cut off, as `readJournal` ignores it.
 */
function repairTail(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return false;

  const content = Buffer.alloc(size);
  readSync(fd, content, 0, size, 0);
  const cut = content.lastIndexOf(0x0a) + 1;
  const tail = content.subarray(cut).toString('utf8');
  if (typeof parseEvent(tail) !== 'string') {
    writeSync(fd, '\n');
    fsyncSync(fd);
    return false;
  }
  ftruncateSync(fd, cut);
  fsyncSync(fd);
  return true;
}

/** Flushes a directory's entries (a new file in it) to disk, where the file system allows it. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to fsync a directory; the file's own fsync still holds.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
