import type { Keypress } from './key-tokens.js';

/** Where a list stands: the highlighted item, and the first item of the window shown. */
export interface ListCursor {
  index: number;
  top: number;
}

/** A move of the highlight: one up or down (wrapping at the ends), to the first or the last. */
export type ListMove = 'up' | 'down' | 'first' | 'last';

export const LIST_START: ListCursor = { index: 0, top: 0 };

/** The move a key asks for (↑/k, ↓/j, Home, End), or null. */
export function listMoveOf({ input, key }: Keypress): ListMove | null {
  if (key.ctrl || key.meta || key.paste) return null;
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.home) return 'first';
  if (key.end) return 'last';
  return null;
}

/** The window's first item, so that `index` is shown among `limit` items. */
function topFor(index: number, top: number, count: number, limit: number): number {
  const size = Math.max(1, Math.min(limit, count));
  const moved = index < top ? index : index >= top + size ? index - size + 1 : top;
  return Math.max(0, Math.min(moved, count - size));
}

/** The cursor after a move, in a list of `count` items shown `limit` at a time. */
export function moveCursor(cursor: ListCursor, move: ListMove, count: number, limit: number): ListCursor {
  if (count <= 0) return LIST_START;
  const at = Math.min(cursor.index, count - 1);
  const index = move === 'first' ? 0 : move === 'last' ? count - 1 : (at + (move === 'up' ? -1 : 1) + count) % count;
  return { index, top: topFor(index, cursor.top, count, limit) };
}

/** A cursor kept inside a list that got shorter (a filter, a new question). */
export function clampCursor(cursor: ListCursor, count: number, limit: number): ListCursor {
  if (count <= 0) return LIST_START;
  const index = Math.min(cursor.index, count - 1);
  return { index, top: topFor(index, cursor.top, count, limit) };
}

/** The items shown: from `top`, at most `limit`. */
export function windowOf(cursor: ListCursor, count: number, limit: number): { start: number; end: number } {
  const start = Math.min(cursor.top, Math.max(0, count - 1));
  return { start, end: Math.min(count, start + Math.max(1, limit)) };
}

/**
 * The item a key picks: Enter the highlighted one, a digit 1–9 the item with that number in
 * the window shown; null for any other key, or a number with no item.
 */
export function pickOf({ input, key }: Keypress, cursor: ListCursor, count: number, limit: number): number | null {
  if (count <= 0) return null;
  if (key.return) return Math.min(cursor.index, count - 1);
  if (key.ctrl || key.meta || key.paste || !/^[1-9]$/.test(input)) return null;
  const { start, end } = windowOf(cursor, count, limit);
  const index = start + Number(input) - 1;
  return index < end ? index : null;
}
