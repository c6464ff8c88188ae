import { Box } from 'ink';
import type { Tail } from '../runner/run-view.js';
import { terminalLines } from '../util/terminal-text.js';
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
  // A progress bar redraws itself with \r: each update is a line of its own, the latest last.
  const shown = tail.lines.slice(-height).flatMap(displayLines).slice(-height);
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

/** One output line as the lines shown; a stderr line keeps its mark on every piece. */
function displayLines(line: string): string[] {
  const stderr = line.startsWith('! ');
  return terminalLines(line).map((piece, i) => (stderr && i > 0 ? `! ${piece}` : piece));
}
