import { Box } from 'ink';
import type { Tail } from '../runner/run-view.js';
import { fit } from './format.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

export interface OutputTailProps {
  tail: Tail;
  height: number;
  width: number;
}

/** The last lines a step printed: bounded, one screen line each. */
export function OutputTail({ tail, height, width }: OutputTailProps) {
  if (height < 1) return null;
  const shown = tail.lines.slice(-height);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={tone('muted')} wrap="truncate">
        {'  '}output · {tail.total.toLocaleString('en-US')} line{tail.total === 1 ? '' : 's'}
        {tail.total > shown.length ? ` · last ${shown.length} shown · l for the full log` : ''}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} color={line.startsWith('! ') ? tone('warn') : undefined}>
          {'  '}
          {fit(line, width - 2)}
        </Text>
      ))}
    </Box>
  );
}
