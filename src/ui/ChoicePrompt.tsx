import { Box } from 'ink';
import SelectInput from 'ink-select-input';
import { terminalText } from '../util/terminal-text.js';
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
  choices: Choice<V>[];
  focus: boolean;
  onChoose(value: V): void;
}

/** A question with a few answers, picked with ↑↓ and Enter (or the letter the footer shows). */
export function ChoicePrompt<V extends string>({ title, detail, titleTone, choices, focus, onChoose }: ChoicePromptProps<V>) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone(titleTone)} paddingX={1}>
      <Text bold color={tone(titleTone)} wrap="wrap">
        {title}
      </Text>
      {detail ? <Text wrap="wrap">{detail}</Text> : null}
      {/* The list draws its labels with Ink's own Text: they are made safe here. */}
      <SelectInput items={choices.map((c) => ({ key: c.value, label: terminalText(c.label), value: c.value }))} isFocused={focus} onSelect={(item) => onChoose(item.value)} />
    </Box>
  );
}
