import { describe, expect, it } from 'vitest';
import { clampCursor, moveCursor, pickOf, windowOf, type ListCursor } from '../../src/ui/list-cursor.js';

const at = (index: number, top = 0): ListCursor => ({ index, top });

describe('list cursor', () => {
  it('moves one at a time, wrapping at both ends, and jumps to the first and the last', () => {
    expect(moveCursor(at(0), 'down', 3, 3)).toEqual(at(1));
    expect(moveCursor(at(2), 'down', 3, 3)).toEqual(at(0));
    expect(moveCursor(at(0), 'up', 3, 3)).toEqual(at(2));
    expect(moveCursor(at(1), 'first', 3, 3)).toEqual(at(0));
    expect(moveCursor(at(0), 'last', 3, 3)).toEqual(at(2));
  });

  it('keeps the highlight inside the window shown, scrolling it', () => {
    expect(moveCursor(at(2), 'down', 10, 3)).toEqual(at(3, 1));
    expect(moveCursor(at(0), 'last', 10, 3)).toEqual(at(9, 7));
    expect(moveCursor(at(9, 7), 'down', 10, 3)).toEqual(at(0, 0));
    expect(moveCursor(at(7, 7), 'up', 10, 3)).toEqual(at(6, 6));
    expect(windowOf(at(9, 7), 10, 3)).toEqual({ start: 7, end: 10 });
  });

  it('a shorter list keeps the cursor on one of its items', () => {
    expect(clampCursor(at(9, 7), 4, 3)).toEqual(at(3, 1));
    expect(clampCursor(at(5), 0, 3)).toEqual(at(0));
  });

  it('Enter picks the highlighted item, a digit the item with that number in the window', () => {
    expect(pickOf({ input: '', key: { return: true } }, at(2), 3, 3)).toBe(2);
    expect(pickOf({ input: '2', key: {} }, at(0, 4), 10, 3)).toBe(5);
    expect(pickOf({ input: '4', key: {} }, at(0), 10, 3)).toBeNull();
    expect(pickOf({ input: '2', key: { paste: true } }, at(0), 3, 3)).toBeNull();
    expect(pickOf({ input: 'x', key: {} }, at(0), 3, 3)).toBeNull();
  });
});
