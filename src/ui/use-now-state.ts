import { useCallback, useRef, useState } from 'react';

/**
 * State whose newest value a key handler can read at once: keys of one burst arrive before the
 * next render, and the second key must see what the first one changed (Esc closes the help,
 * then `y` answers the gate under it).
 */
export function useNowState<T>(initial: T): [value: T, now: { readonly current: T }, set: (value: T) => void] {
  const [value, setValue] = useState(initial);
  const now = useRef(initial);
  const set = useCallback((next: T) => {
    now.current = next;
    setValue(next);
  }, []);
  return [value, now, set];
}
