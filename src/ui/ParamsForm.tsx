import { Box } from 'ink';
import { useRef, useState } from 'react';
import type { ParamSpec } from '../runbook/schema.js';
import type { ParamFallback } from './app-flow.js';
import { timestampInUtc } from '../runbook/params.js';
import { fieldError, fieldHint, firstInvalid } from './form-state.js';
import type { Keypress } from './key-tokens.js';
import { choicesOf, editField } from './form-keys.js';
import { ChoiceLine } from './ChoiceLine.js';
import { TextLine } from './TextField.js';
import { tone } from './theme.js';
import { Text } from './Text.js';
import { useKeys } from './use-keys.js';

export interface ParamsFormProps {
  title: string;
  specs: Record<string, ParamSpec>;
  initial?: Record<string, string>;
  /** What an empty field stands for (the target's preset, or the runbook's default), shown as its placeholder. */
  fallbacks?: Record<string, ParamFallback>;
  /** Errors the engine sent back for the last answer. */
  errors?: Record<string, string>;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
  /** What Enter on the last field and Esc do, for the key line. */
  submitLabel: string;
  cancelLabel: string;
  /** Announced once the form listens (see `useKeys`). */
  mode?: string;
}

/**
 * Values for a runbook's parameters or an input step, checked as they are typed with the
 * same rules the engine applies (a timestamp without an offset is refused, with the reason).
 */
export function ParamsForm({ title, specs, initial = {}, fallbacks = {}, errors = {}, onSubmit, onCancel, submitLabel, cancelLabel, mode }: ParamsFormProps) {
  const names = Object.keys(specs);
  // One key handler for the whole form, reading and writing a ref: keys that arrive before the
  // next render (fast typing, Enter pressed twice) go to the field that has the focus now.
  const choices = Object.fromEntries(names.map((n) => [n, choicesOf(specs[n]!, fallbacks[n])]));
  const startValue = (n: string): string => {
    const given = initial[n] ?? '';
    const options = choices[n];
    if (!options || options.includes(given)) return given;
    return options.includes(fallbacks[n]?.value ?? '') ? fallbacks[n]!.value : options[0]!;
  };
  const form = useRef({
    values: Object.fromEntries(names.map((n) => [n, startValue(n)])) as Record<string, string>,
    /** Fields still showing their default (the target's or the runbook's): typing replaces it. */
    defaulted: Object.fromEntries(names.map((n) => [n, (initial[n] ?? '') !== '' && initial[n] === fallbacks[n]?.value])) as Record<string, boolean>,
    cursors: Object.fromEntries(names.map((n) => [n, (initial[n] ?? '').length])) as Record<string, number>,
    focus: 0,
    tried: false,
    /** Sent or left: keys after that (the rest of a burst) are not this form's. */
    sent: false,
  });
  const [, redraw] = useState(0);
  const { values, cursors, focus, tried, defaulted } = form.current;
  const move = (to: number) => {
    form.current.focus = (to + names.length) % names.length;
  };

  /** One key; true when the form was sent (or left) and nothing more may happen. */
  const press = ({ input, key }: Keypress): boolean => {
    const f = form.current;
    if (f.sent) return true;
    if (key.escape) {
      f.sent = true;
      onCancel();
      return true;
    }
    const current = names[f.focus];
    const options = current === undefined ? null : choices[current];
    if (options && current !== undefined && (key.upArrow || key.downArrow)) {
      // A list field: ↑↓ choose among its answers.
      const at = options.indexOf(f.values[current] ?? '');
      const next = options[(Math.max(0, at) + (key.upArrow ? -1 : 1) + options.length) % options.length]!;
      f.values = { ...f.values, [current]: next };
    } else if (key.upArrow || (key.tab && key.shift)) move(f.focus - 1);
    else if (key.downArrow || key.tab) move(f.focus + 1);
    else {
      const name = names[f.focus];
      if (name === undefined) {
        f.sent = true;
        onSubmit({});
        return true;
      }
      const field = { text: f.values[name] ?? '', cursor: f.cursors[name] ?? 0, defaulted: f.defaulted[name] === true };
      const edit = options ? { state: field, submit: key.return === true, handled: key.return === true } : editField(field, input, key);
      if (!edit.handled) return false;
      f.values = { ...f.values, [name]: edit.state.text };
      f.cursors = { ...f.cursors, [name]: edit.state.cursor };
      f.defaulted = { ...f.defaulted, [name]: edit.state.defaulted };
      if (edit.submit) {
        if (f.focus < names.length - 1) move(f.focus + 1);
        else {
          const bad = firstInvalid(specs, f.values, fallbacks);
          if (bad < 0) {
            f.sent = true;
            onSubmit(f.values);
            return true;
          }
          f.tried = true;
          f.focus = bad;
        }
      }
    }
    return false;
  };

  useKeys(
    (k) => {
      if (!press(k)) redraw((n) => n + 1);
    },
    mode === undefined ? {} : { mode },
  );

  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {names.map((name, i) => {
        const spec = specs[name]!;
        const value = values[name] ?? '';
        const fallback = Object.hasOwn(fallbacks, name) ? fallbacks[name] : undefined;
        const own = fieldError(name, spec, value, fallback !== undefined);
        // An error shows once something is typed, after a submit, or when the engine sent one back.
        const error = own && (value !== '' || tried) ? own : (errors[name] ?? null);
        const focused = i === focus;
        return (
          <Box key={name} flexDirection="column">
            <Box>
              <Text color={focused ? tone('accent') : undefined}>{focused ? '❯ ' : '  '}</Text>
              <Text bold={focused}>{name}: </Text>
              {choices[name] ? (
                <ChoiceLine options={choices[name]} value={value} focused={focused} />
              ) : (
                <TextLine
                  text={defaulted[name] ? '' : value}
                  cursor={defaulted[name] ? 0 : (cursors[name] ?? value.length)}
                  mask={spec.type === 'secret'}
                  focused={focused}
                  placeholder={defaulted[name] ? value : (fallback?.value ?? (spec.default !== undefined && spec.type !== 'secret' ? String(spec.default) : ''))}
                />
              )}
              {spec.type === 'timestamp' && value !== '' && !own ? <Text color={tone('muted')}>{`  = ${timestampInUtc(value) ?? ''}`}</Text> : null}
            </Box>
            {focused ? (
              <Text color={tone('muted')}>
                {'    '}
                {spec.prompt ?? spec.description ?? ''}
                {spec.prompt ?? spec.description ? ' · ' : ''}
                {fieldHint(spec, fallback)}
                {defaulted[name] ? ' · dimmed: the default, typing replaces it' : ''}
              </Text>
            ) : null}
            {error ? (
              <Text color={tone('bad')} wrap="wrap">
                {'    ✗ '}
                {error}
              </Text>
            ) : null}
          </Box>
        );
      })}
      <Text color={tone('muted')}>
        {[
          choices[names[focus] ?? ''] ? '↑↓ choose · Tab move' : names.length > 1 ? '↑↓/Tab move' : null,
          names.length > 1 ? `Enter next (on the last field: ${submitLabel})` : `Enter ${submitLabel}`,
          `Esc ${cancelLabel}`,
        ]
          .filter((part) => part !== null)
          .join(' · ')}
      </Text>
    </Box>
  );
}
