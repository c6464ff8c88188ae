import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { ParamSpec } from '../runbook/schema.js';
import { fieldError, fieldHint, firstInvalid } from './form-state.js';
import { TextField } from './TextField.js';
import { tone } from './theme.js';

export interface ParamsFormProps {
  title: string;
  specs: Record<string, ParamSpec>;
  initial?: Record<string, string>;
  /** Errors the engine sent back for the last answer. */
  errors?: Record<string, string>;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
  /** What Enter on the last field and Esc do, for the key line. */
  submitLabel: string;
  cancelLabel: string;
}

/**
 * Values for a runbook's parameters or an input step, checked as they are typed with the
 * same rules the engine applies (a timestamp without an offset is refused, with the reason).
 */
export function ParamsForm({ title, specs, initial = {}, errors = {}, onSubmit, onCancel, submitLabel, cancelLabel }: ParamsFormProps) {
  const names = Object.keys(specs);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, initial[n] ?? ''])));
  const [focus, setFocus] = useState(0);
  const [tried, setTried] = useState(false);

  const submit = () => {
    const bad = firstInvalid(specs, values);
    if (bad < 0) return onSubmit(values);
    setTried(true);
    setFocus(bad);
  };

  useInput((_input, key) => {
    if (key.escape) return onCancel();
    if (key.upArrow || (key.tab && key.shift)) return setFocus((f) => (f + names.length - 1) % names.length);
    if (key.downArrow || key.tab) return setFocus((f) => (f + 1) % names.length);
  });

  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {names.map((name, i) => {
        const spec = specs[name]!;
        const value = values[name] ?? '';
        const own = fieldError(name, spec, value);
        // An error shows once something is typed, after a submit, or when the engine sent one back.
        const error = own && (value !== '' || tried) ? own : (errors[name] ?? null);
        const focused = i === focus;
        return (
          <Box key={name} flexDirection="column">
            <Box>
              <Text color={focused ? tone('accent') : undefined}>{focused ? '❯ ' : '  '}</Text>
              <Text bold={focused}>{name}: </Text>
              <TextField
                value={value}
                mask={spec.type === 'secret'}
                focus={focused}
                placeholder={spec.default !== undefined && spec.type !== 'secret' ? String(spec.default) : ''}
                onChange={(v) => setValues((all) => ({ ...all, [name]: v }))}
                onSubmit={() => (i === names.length - 1 ? submit() : setFocus(i + 1))}
              />
            </Box>
            {focused ? (
              <Text color={tone('muted')}>
                {'    '}
                {spec.prompt ?? spec.description ?? ''}
                {spec.prompt ?? spec.description ? ' · ' : ''}
                {fieldHint(spec)}
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
        {names.length > 1 ? `↑↓/Tab move · Enter next (on the last field: ${submitLabel})` : `Enter ${submitLabel}`} · Esc {cancelLabel}
      </Text>
    </Box>
  );
}
