import { Box } from 'ink';
import type { Binding } from './keymap.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

export interface HelpOverlayProps {
  title: string;
  /** The keys of the mode the help was opened from, straight from its keymap. */
  bindings: readonly Binding[];
  footnote?: string;
}

/** Every key of the screen underneath and what it does; closed with ? or Esc. */
export function HelpOverlay({ title, bindings, footnote }: HelpOverlayProps) {
  const width = Math.max(...bindings.map((b) => b.key.length), 4) + 2;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('info')} paddingX={1}>
      <Text bold>{title}</Text>
      {bindings.map((b) => (
        <Text key={`${b.key} ${b.label}`} wrap="truncate">
          <Text bold>{b.key.padEnd(width)}</Text>
          {b.label}
        </Text>
      ))}
      <Text color={tone('muted')}>?/Esc closes this help</Text>
      {footnote ? (
        <Text color={tone('muted')} wrap="wrap">
          {footnote}
        </Text>
      ) : null}
    </Box>
  );
}
