import { Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { tone } from './theme.js';

export interface TextFieldProps {
  value: string;
  onChange(value: string): void;
  onSubmit?(value: string): void;
  /** Show `*` for each character (secrets). */
  mask?: boolean;
  focus?: boolean;
  placeholder?: string;
}

/**
 * A one-line text field: printable keys insert at the cursor, ←/→ move, Backspace and Delete
 * remove, Enter submits. Escape, Tab and the arrows up/down are left to the screen around it.
 */
export function TextField({ value, onChange, onSubmit, mask = false, focus = true, placeholder }: TextFieldProps) {
  // Keys typed quickly arrive before React re-renders with the new value: each key must build
  // on the previous one, so the field keeps its own latest text and cursor in a ref, and
  // follows `value` only when the parent changes it (e.g. clears it), not when it echoes
  // something this field sent a moment ago.
  const live = useRef({ text: value, cursor: value.length, sent: [] as string[] });
  const [, redraw] = useState(0);
  const sentAt = live.current.sent.indexOf(value);
  if (sentAt >= 0) live.current.sent.splice(0, sentAt + 1);
  else if (value !== live.current.text) live.current = { text: value, cursor: Math.min(live.current.cursor, value.length), sent: [] };

  const update = (text: string, cursor: number) => {
    const changed = text !== live.current.text;
    live.current.text = text;
    live.current.cursor = cursor;
    if (changed) {
      live.current.sent.push(text);
      onChange(text);
    }
    redraw((n) => n + 1);
  };

  useInput(
    (input, key) => {
      const { text: current, cursor: at } = live.current;
      if (key.return) return onSubmit?.(current);
      if (key.leftArrow) return update(current, Math.max(0, at - 1));
      if (key.rightArrow) return update(current, Math.min(current.length, at + 1));
      if (key.backspace || key.delete) {
        // Terminals send DEL (0x7f) for the Backspace key; Ink reports it as `delete`.
        if (at === 0) return;
        return update(current.slice(0, at - 1) + current.slice(at), at - 1);
      }
      if (key.ctrl && input === 'u') return update(current.slice(at), 0);
      if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return;
      // Typed fast or pasted, text and Enter can arrive in one chunk: insert, then submit.
      const submits = /[\r\n]/.test(input);
      const text = input.split(/[\r\n]/)[0]!.replace(/[\u0000-\u001f\u007f]/g, '');
      const next = current.slice(0, at) + text + current.slice(at);
      if (text !== '') update(next, at + text.length);
      if (submits) onSubmit?.(next);
    },
    { isActive: focus },
  );

  const at = Math.min(live.current.cursor, live.current.text.length);
  const shown = mask ? '*'.repeat(live.current.text.length) : live.current.text;
  if (!focus) return <Text>{shown === '' && placeholder ? <Text color={tone('muted')}>{placeholder}</Text> : shown}</Text>;
  const before = shown.slice(0, at);
  const under = shown.slice(at, at + 1) || ' ';
  const after = shown.slice(at + 1);
  return (
    <Text>
      {before}
      <Text inverse>{under}</Text>
      {after}
      {shown === '' && placeholder ? <Text color={tone('muted')}> {placeholder}</Text> : null}
    </Text>
  );
}
