import { Box } from 'ink';
import { tone } from './theme.js';
import { Text } from './Text.js';

/** A yes/no question about leaving or ending the run; No is the default. */
export function ConfirmBox({ question, detail }: { question: string; detail?: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('warn')} paddingX={1}>
      <Text bold wrap="wrap">
        {question} <Text>[y/N]</Text>
      </Text>
      {detail ? (
        <Text color={tone('muted')} wrap="wrap">
          {detail}
        </Text>
      ) : null}
    </Box>
  );
}
