import { Text, useInput } from 'ink';
import { useState } from 'react';
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
  const [cursor, setCursor] = useState(value.length);
  const at = Math.min(cursor, value.length);

  useInput(
    (input, key) => {
      if (key.return) return onSubmit?.(value);
      if (key.leftArrow) return setCursor(Math.max(0, at - 1));
      if (key.rightArrow) return setCursor(Math.min(value.length, at + 1));
      if (key.backspace || key.delete) {
        // Terminals send DEL (0x7f) for the Backspace key; Ink reports it as `delete`.
        if (at === 0) return;
        onChange(value.slice(0, at - 1) + value.slice(at));
        return setCursor(at - 1);
      }
      if (key.ctrl && input === 'u') {
        onChange(value.slice(at));
        return setCursor(0);
      }
      if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return;
      // Typed fast or pasted, text and Enter can arrive in one chunk: insert, then submit.
      const submits = /[\r\n]/.test(input);
      const text = input.split(/[\r\n]/)[0]!.replace(/[\u0000-\u001f\u007f]/g, '');
      const next = value.slice(0, at) + text + value.slice(at);
      if (text !== '') {
        onChange(next);
        setCursor(at + text.length);
      }
      if (submits) onSubmit?.(next);
    },
    { isActive: focus },
  );

  const shown = mask ? '*'.repeat(value.length) : value;
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
