import { Box } from 'ink';
import type { GateFact } from '../engine/gate-evidence.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

/**
 * What the earlier steps established that the step at the gate depends on (`gateFacts`):
 * shown inside the gate, above the question, so the operator decides with it in view.
 */
export function GateEvidence({ facts }: { facts: readonly GateFact[] }) {
  if (facts.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text color={tone('muted')}>Evidence this step depends on:</Text>
      {facts.map((fact, i) => (
        <Text key={i} wrap="wrap">
          {'  '}
          <Text color={tone('muted')}>{fact.from}</Text> {fact.label}:{' '}
          <Text bold color={fact.tone === 'plain' ? undefined : tone(fact.tone === 'fail' ? 'bad' : 'warn')}>
            {fact.value}
          </Text>
          {fact.tone === 'finding' ? <Text color={tone('warn')}> (found)</Text> : fact.tone === 'fail' ? <Text color={tone('bad')}> (failed)</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
