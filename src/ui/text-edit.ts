/** A line being edited: its text and the cursor position in it. */
export interface TextState {
  text: string;
  cursor: number;
}

/** The parts of Ink's key that editing looks at. */
export interface EditKey {
  return?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  escape?: boolean;
  tab?: boolean;
}

/**
 * One key applied to a line: printable text inserts at the cursor, ←/→ move, Backspace and
 * Delete remove, Ctrl+U clears to the start, Enter submits. Pure, so a form can route keys to
 * whichever field has the focus *now*, even when keys come faster than the screen redraws.
 * `handled: false` leaves the key (Esc, Tab, ↑/↓…) to the screen around the field.
 */
export function editText(state: TextState, input: string, key: EditKey): { state: TextState; submit: boolean; handled: boolean } {
  const { text, cursor } = state;
  const at = Math.min(cursor, text.length);
  const to = (next: TextState, submit = false) => ({ state: next, submit, handled: true });
  if (key.return) return to(state, true);
  if (key.leftArrow) return to({ text, cursor: Math.max(0, at - 1) });
  if (key.rightArrow) return to({ text, cursor: Math.min(text.length, at + 1) });
  if (key.backspace || key.delete) {
    // Terminals send DEL (0x7f) for the Backspace key; Ink reports it as `delete`.
    return to(at === 0 ? state : { text: text.slice(0, at - 1) + text.slice(at), cursor: at - 1 });
  }
  if (key.ctrl && input === 'u') return to({ text: text.slice(at), cursor: 0 });
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
    return { state, submit: false, handled: false };
  }
  // Line breaks in a chunk are Enters: `keysIn` takes them apart before they get here.
  const typed = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return to({ text: text.slice(0, at) + typed + text.slice(at), cursor: at + typed.length });
}

/**
 * The keys in one chunk of input. Typed quickly (or sent by a program), several keys reach
 * Ink as one string that it does not take apart: "ab\r\r" is text, Enter, Enter. Text runs
 * stay whole; every line break is an Enter of its own.
 */
export function keysIn(input: string, key: EditKey): Array<{ input: string; key: EditKey }> {
  if (key.return || input.length <= 1 || !/[\r\n]/.test(input)) return [{ input, key }];
  const keys: Array<{ input: string; key: EditKey }> = [];
  for (const part of input.split(/(\r\n|\r|\n)/)) {
    if (part === '') continue;
    keys.push(/^(\r\n|\r|\n)$/.test(part) ? { input: '\r', key: { return: true } } : { input: part, key: {} });
  }
  return keys;
}
