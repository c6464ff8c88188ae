import type { RunMode } from './keys.js';

/** How many lines each part of the run screen may take, so the live area fits the terminal. */
export interface RunLayout {
  /** Body and command lines of the current step. */
  room: number;
  /** Output lines shown (0 hides the output). */
  tail: number;
}

const HEADER = 3;
const STEP_CHROME = 3; // title, summary, touches

/** Lines a prompt takes, roughly: borders, question, answers. */
export function promptHeight(mode: RunMode, fields = 0): number {
  switch (mode) {
    case 'gate-confirm':
    case 'confirm-pause':
    case 'confirm-abort':
      return 5;
    case 'gate-typed':
      return 7;
    case 'input':
      return 4 + fields * 2;
    case 'manual':
    case 'manual-note':
    case 'interrupted-note':
      return 7;
    case 'interrupted':
    case 'failed':
      return 8;
    default:
      return 1;
  }
}

/**
 * Splits the rows left after the header, the footer (`footer` lines) and prompt between the step (command first)
 * and its output; one row is kept free so Ink never has to clear the whole screen.
 */
export function runLayout(rows: number, mode: RunMode, fields = 0, footer = 1): RunLayout {
  const avail = rows - 1 - HEADER - footer - STEP_CHROME - promptHeight(mode, fields);
  const room = Math.max(1, Math.min(8, Math.floor(avail * 0.4)));
  const tail = avail - room - 1;
  return { room, tail: tail >= 2 ? Math.min(tail, 40) : 0 };
}
