import { Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { editText } from './text-edit.js';
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
 * A one-line text field with its own keys (see `editText`). Escape, Tab and the arrows up/down
 * are left to the screen around it. With `focus` false it only shows its value; forms with
 * several fields route keys themselves and render the fields that way.
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
      const edit = editText({ text: live.current.text, cursor: live.current.cursor }, input, key);
      if (!edit.handled) return;
      update(edit.state.text, edit.state.cursor);
      if (edit.submit) onSubmit?.(edit.state.text);
    },
    { isActive: focus },
  );

  return <TextLine text={live.current.text} cursor={live.current.cursor} mask={mask} focused={focus} placeholder={placeholder} />;
}

/** How a line being edited looks: the text, a block cursor where it is focused, a placeholder when empty. */
export function TextLine({ text, cursor, mask = false, focused, placeholder }: { text: string; cursor: number; mask?: boolean; focused: boolean; placeholder?: string | undefined }) {
  const shown = mask ? '*'.repeat(text.length) : text;
  if (!focused) return <Text>{shown === '' && placeholder ? <Text color={tone('muted')}>{placeholder}</Text> : shown}</Text>;
  const at = Math.min(cursor, text.length);
  return (
    <Text>
      {shown.slice(0, at)}
      <Text inverse>{shown.slice(at, at + 1) || ' '}</Text>
      {shown.slice(at + 1)}
      {shown === '' && placeholder ? <Text color={tone('muted')}> {placeholder}</Text> : null}
    </Text>
  );
}
