import type { ParamSpec } from '../runbook/schema.js';
import type { ParamFallback } from './app-flow.js';
import type { KeyFlags } from './key-tokens.js';
import { editText, type TextState } from './text-edit.js';

/** The answers a field offers as a list (↑↓), or null for a field that is typed. `''`: none. */
export function choicesOf(spec: ParamSpec, fallback: ParamFallback | undefined): string[] | null {
  const values = spec.type === 'enum' ? (spec.values ?? []).map(String) : spec.type === 'bool' ? ['true', 'false'] : null;
  if (values === null) return null;
  const none = !spec.required && fallback === undefined && spec.default === undefined;
  return none ? ['', ...values] : values;
}

/** A typed field: its text, cursor, and whether it still shows its default (a placeholder). */
export interface FieldState extends TextState {
  defaulted: boolean;
}

/**
 * One key on a typed field. A field showing its default behaves as an empty field with that
 * default as placeholder: the first character typed replaces it (it never appends:
 * `daily` + `m` is `m`, not `dailym`), Backspace empties it, ←/→ start editing the default
 * itself, and Enter keeps it.
 */
export function editField(field: FieldState, input: string, key: KeyFlags): { state: FieldState; submit: boolean; handled: boolean } {
  if (!field.defaulted || key.return) {
    const edit = editText(field, input, key);
    return { ...edit, state: { ...edit.state, defaulted: field.defaulted && key.return === true } };
  }
  const moves = key.leftArrow || key.rightArrow || key.home || key.end;
  const start = moves ? { text: field.text, cursor: field.text.length } : { text: '', cursor: 0 };
  const edit = editText(start, input, key);
  if (!edit.handled) return { state: field, submit: false, handled: false };
  if (!moves && edit.state.text === '' && !key.backspace && !key.delete && !(key.ctrl && input === 'u')) return { state: field, submit: false, handled: true };
  return { ...edit, state: { ...edit.state, defaulted: false } };
}
