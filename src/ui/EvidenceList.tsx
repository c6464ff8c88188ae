import { Box } from 'ink';
import type { Evidence } from '../engine/types.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

/** Checks as pass/fail lines with the expected and the actual value. */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <Box flexDirection="column" paddingLeft={4}>
      {evidence.map((ev, i) => (
        ev.finding && !ev.pass ? (
          // What a check found is the point of the step: wrapped, never cut.
          <Text key={i} wrap="wrap">
            <Text color={tone('warn')}>found</Text> {ev.label}: <Text bold>{ev.actual}</Text> (expected {ev.expected})
          </Text>
        ) : (
          <Text key={i} wrap="truncate">
            <Text color={ev.pass ? tone('ok') : tone('bad')}>{ev.pass ? 'pass' : 'FAIL'}</Text> {ev.label}: expected {ev.expected}, got{' '}
            <Text bold={!ev.pass}>{ev.actual}</Text>
          </Text>
        )
      ))}
    </Box>
  );
}
