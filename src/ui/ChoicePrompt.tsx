import { Box } from 'ink';
import type { ListCursor } from './list-cursor.js';
import { SelectList } from './SelectList.js';
import { tone, type Tone } from './theme.js';
import { Text } from './Text.js';

export interface Choice<V extends string> {
  value: V;
  label: string;
}

export interface ChoicePromptProps<V extends string> {
  title: string;
  detail?: string;
  titleTone: Tone;
  choices: readonly Choice<V>[];
  /** The highlight, kept by the screen that takes the keys (`useList`). */
  cursor: ListCursor;
  focus: boolean;
}

/** A question with a few numbered answers, picked with ↑↓ and Enter, the number, or the letter the footer shows. */
export function ChoicePrompt<V extends string>({ title, detail, titleTone, choices, cursor, focus }: ChoicePromptProps<V>) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone(titleTone)} paddingX={1}>
      <Text bold color={tone(titleTone)} wrap="wrap">
        {title}
      </Text>
      {detail ? <Text wrap="wrap">{detail}</Text> : null}
      <SelectList
        items={choices}
        cursor={cursor}
        focused={focus}
        numbered
        itemKey={(c) => c.value}
        renderItem={(c, selected) => (
          <Text wrap="wrap" bold={selected && focus} color={selected && focus ? tone('accent') : undefined}>
            {c.label}
          </Text>
        )}
      />
    </Box>
  );
}
