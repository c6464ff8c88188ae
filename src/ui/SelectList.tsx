import { Box } from 'ink';
import type { ReactNode } from 'react';
import { windowOf, type ListCursor } from './list-cursor.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

export interface SelectListProps<T> {
  items: readonly T[];
  cursor: ListCursor;
  /** Items shown at once; the window follows the highlight. */
  limit?: number;
  /** Whether the list has the keys (else the highlight is dimmed). */
  focused: boolean;
  /** Number the items shown (1–9 pick them). */
  numbered?: boolean;
  itemKey(item: T): string;
  renderItem(item: T, selected: boolean): ReactNode;
  /** A line above an item (a group's heading), not part of what is picked. */
  headingOf?(item: T): ReactNode;
}

/**
 * A list drawn from a cursor its screen keeps (`useList`): the window of items around the
 * highlight, with how many more are above and below. It has no keys of its own.
 */
export function SelectList<T>({ items, cursor, limit = items.length, focused, numbered = false, itemKey, renderItem, headingOf }: SelectListProps<T>) {
  const { start, end } = windowOf(cursor, items.length, limit);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text color={tone('muted')}>{`  ↑ ${start} more`}</Text> : null}
      {items.slice(start, end).map((item, i) => {
        const selected = start + i === cursor.index;
        return (
          <Box key={itemKey(item)} flexDirection="column">
            {headingOf?.(item) ?? null}
            <Box>
              <Text color={selected && focused ? tone('accent') : tone('muted')}>{selected ? '❯ ' : '  '}</Text>
              {numbered && i < 9 ? <Text color={tone('muted')}>{`${i + 1} `}</Text> : null}
              <Box flexGrow={1} flexShrink={1}>
                {renderItem(item, selected)}
              </Box>
            </Box>
          </Box>
        );
      })}
      {end < items.length ? <Text color={tone('muted')}>{`  ↓ ${items.length - end} more`}</Text> : null}
    </Box>
  );
}
