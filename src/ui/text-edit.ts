import type { KeyFlags } from './key-tokens.js';

/** A line being edited: its text and the cursor position in it. */
export interface TextState {
  text: string;
  cursor: number;
}

/**
 * One key applied to a line: printable text (or a paste) inserts at the cursor, ←/→ move,
 * Home/End (and Ctrl+A/Ctrl+E) jump, Backspace removes before the cursor, Delete under it,
 * Ctrl+U clears to the start, Enter submits. Pure, so a form can route keys to whichever
 * field has the focus *now*, even when keys come faster than the screen redraws.
 * `handled: false` leaves the key (Esc, Tab, ↑/↓…) to the screen around the field.
 */
export function editText(state: TextState, input: string, key: KeyFlags): { state: TextState; submit: boolean; handled: boolean } {
  const { text } = state;
  const at = Math.min(state.cursor, text.length);
  const to = (next: TextState, submit = false) => ({ state: next, submit, handled: true });
  if (key.paste) return insert(state, input.replace(/\r\n|\r|\n/g, ' '));
  if (key.return) return to(state, true);
  if (key.leftArrow) return to({ text, cursor: Math.max(0, at - 1) });
  if (key.rightArrow) return to({ text, cursor: Math.min(text.length, at + 1) });
  if (key.home || (key.ctrl && input === 'a')) return to({ text, cursor: 0 });
  if (key.end || (key.ctrl && input === 'e')) return to({ text, cursor: text.length });
  if (key.backspace) return to(at === 0 ? state : { text: text.slice(0, at - 1) + text.slice(at), cursor: at - 1 });
  if (key.delete) return to({ text: text.slice(0, at) + text.slice(at + 1), cursor: at });
  if (key.ctrl && input === 'u') return to({ text: text.slice(at), cursor: 0 });
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
    return { state, submit: false, handled: false };
  }
  return insert(state, input);
}

function insert({ text, cursor }: TextState, input: string): { state: TextState; submit: boolean; handled: boolean } {
  const at = Math.min(cursor, text.length);
  const typed = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return { state: { text: text.slice(0, at) + typed + text.slice(at), cursor: at + typed.length }, submit: false, handled: true };
}
