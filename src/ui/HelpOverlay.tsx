import { Box } from 'ink';
import { tone } from './theme.js';
import { Text } from './Text.js';

const KEYS: [string, string][] = [
  ['↑ ↓  Enter', 'move and choose in lists and forms'],
  ['y / n', 'answer a confirmation gate (No is the default)'],
  ['type + Enter', 'answer a typed gate: the phrase must match exactly'],
  ['d / n', 'manual step: mark done / done with a note'],
  ['r  s  a', 'failed step: retry, skip (where allowed), abort'],
  ['m  r  a', 'interrupted step: mark done, run again, abort'],
  ['l', "the current step's full log, page by page"],
  ['q', 'pause the run (journaled, resumable); asks first if a step is running'],
  ['Ctrl+C', 'like q; a second Ctrl+C leaves at once (exit 130)'],
  ['?', 'this help'],
];

/** Every key, what it does; closed with ? or Esc. */
export function HelpOverlay({ runId }: { runId: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('info')} paddingX={1}>
      <Text bold>Keys</Text>
      {KEYS.map(([key, what]) => (
        <Text key={key} wrap="truncate">
          <Text bold>{key.padEnd(14)}</Text>
          {what}
        </Text>
      ))}
      <Text color={tone('muted')} wrap="wrap">
        A paused run goes on with: pitstop resume {runId}
      </Text>
    </Box>
  );
}
