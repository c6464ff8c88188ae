import { useRef, useState } from 'react';
import type { Keypress } from './key-tokens.js';
import { clampCursor, LIST_START, listMoveOf, moveCursor, pickOf, type ListCursor } from './list-cursor.js';

/** A list's highlight, kept by the screen whose key handler drives it. */
export interface ListControl {
  cursor: ListCursor;
  /**
   * One key for the list: moves the highlight (null), or picks an item (its index). Reads and
   * writes a ref, so every key of a burst sees what the keys before it did.
   */
  press(key: Keypress): number | null;
  /** The highlighted item now (also between renders). */
  highlighted(): number;
}

/**
 * The highlight of a list of `count` items shown `limit` at a time, driven by the screen's own
 * `useKeys` handler (no second listener: a burst is applied in order). It starts again at the
 * top whenever `resetOn` changes (another list, another question).
 */
export function useList(count: number, limit: number, resetOn: unknown): ListControl {
  const state = useRef<{ cursor: ListCursor; of: unknown }>({ cursor: LIST_START, of: resetOn });
  const [, redraw] = useState(0);
  if (!Object.is(state.current.of, resetOn)) state.current = { cursor: LIST_START, of: resetOn };
  state.current.cursor = clampCursor(state.current.cursor, count, limit);
  return {
    cursor: state.current.cursor,
    press(key) {
      const move = listMoveOf(key);
      if (move) {
        state.current.cursor = moveCursor(state.current.cursor, move, count, limit);
        redraw((n) => n + 1);
        return null;
      }
      return pickOf(key, state.current.cursor, count, limit);
    },
    highlighted: () => state.current.cursor.index,
  };
}
