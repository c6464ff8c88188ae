import { useRef, useState } from 'react';
import { editText } from './text-edit.js';
import { tone } from './theme.js';
import { Text } from './Text.js';
import { useKeys } from './use-keys.js';

export interface TextFieldProps {
  onSubmit(value: string): void;
  /** Empty the field after Enter (a phrase typed wrong is typed again from scratch). */
  clearOnSubmit?: boolean;
  /** Show `*` for each character (secrets). */
  mask?: boolean;
  placeholder?: string;
  /** Announced once the field listens (see `useKeys`), when the field is a screen of its own. */
  mode?: string;
}

/**
 * A one-line text field with its own keys (see `editText`); Escape, Tab and the arrows up/down
 * are left to the screen around it. The field owns its text and cursor, in a ref: keys typed
 * faster than React re-renders must each build on the one before. Forms with several fields
 * route keys themselves (one handler for the form) and draw each field with `TextLine`.
 */
export function TextField({ onSubmit, clearOnSubmit = false, mask = false, placeholder, mode }: TextFieldProps) {
  const line = useRef({ text: '', cursor: 0 });
  const [, redraw] = useState(0);

  useKeys(({ input, key }) => {
    const edit = editText(line.current, input, key);
    if (!edit.handled) return;
    line.current = edit.submit && clearOnSubmit ? { text: '', cursor: 0 } : edit.state;
    if (edit.submit) onSubmit(edit.state.text);
    redraw((n) => n + 1);
  }, mode === undefined ? {} : { mode });

  return <TextLine text={line.current.text} cursor={line.current.cursor} mask={mask} focused placeholder={placeholder} />;
}

/** How a line being edited looks: the text, a block cursor where it is focused, a placeholder when empty. */
export function TextLine({ text, cursor, mask = false, focused, placeholder }: { text: string; cursor: number; mask?: boolean; focused: boolean; placeholder?: string | undefined }) {
  const shown = mask ? '*'.repeat(text.length) : text;
  if (!focused) return <Text>{shown === '' && placeholder ? <Text color={tone('muted')}>{placeholder}</Text> : shown}</Text>;
  if (shown === '' && placeholder) {
    // The cursor on the placeholder's first character: what is typed replaces it.
    return (
      <Text color={tone('muted')}>
        <Text inverse>{placeholder.slice(0, 1)}</Text>
        {placeholder.slice(1)}
      </Text>
    );
  }
  const at = Math.min(cursor, text.length);
  return (
    <Text>
      {shown.slice(0, at)}
      <Text inverse>{shown.slice(at, at + 1) || ' '}</Text>
      {shown.slice(at + 1)}
    </Text>
  );
}
