import type { RunMode } from './keys.js';

/** How many lines each part of the run screen may take, so the live area fits the terminal. */
export interface RunLayout {
  /** Output lines shown (0 hides the output). */
  tail: number;
}

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

export interface LayoutParts {
  /** Lines of the header (`headerHeight`). */
  header?: number;
  /** Input fields on screen (an input step). */
  fields?: number;
  /** Lines of the footer (it wraps on a narrow terminal). */
  footer?: number;
  /** Lines the step in focus takes, wrapped (`stepHeight`): it is never cut. */
  step?: number;
}

/**
 * The rows left for the step's output once the header, the step in focus (whole), the prompt
 * and the footer are drawn; one row is kept free so Ink never has to clear the whole screen.
 * The output gives way first: the step and the question are what the operator decides on.
 */
export function runLayout(rows: number, mode: RunMode, { header = 3, fields = 0, footer = 1, step = 4 }: LayoutParts = {}): RunLayout {
  const tail = rows - 1 - header - footer - step - promptHeight(mode, fields) - 1;
  return { tail: tail >= 2 ? Math.min(tail, 40) : 0 };
}
