import { Box } from 'ink';
import type { GateFact } from '../engine/gate-evidence.js';
import type { AskEffect } from '../runner/tui-operator.js';
import { GateEvidence } from './GateEvidence.js';
import { TextField } from './TextField.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

type GateAsk = Extract<AskEffect, { type: 'ask-gate' }>;

export interface GatePromptProps {
  ask: GateAsk;
  /** What the earlier steps established that this step depends on. */
  facts?: readonly GateFact[];
  onTyped(answer: string): void;
}

/**
 * A gate: what will happen is shown above (the step's command and target). A confirm gate
 * answers with y (anything else is No); a typed gate needs the exact phrase, and a wrong one
 * approves nothing and says so.
 */
export function GatePrompt({ ask, facts = [], onTyped }: GatePromptProps) {
  const { gate } = ask;
  const why = ask.reason === 'interrupted' ? 'This step was interrupted and is not safe to repeat blindly. ' : '';
  const target = ask.preview?.touches.target;
  const writes = ask.preview?.touches.writes;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tone('warn')} paddingX={1}>
      <GateEvidence facts={facts} />
      {gate.prompt ? <Text bold wrap="wrap">{gate.prompt}</Text> : null}
      {gate.type === 'confirm' ? (
        <Text wrap="wrap">
          {why}Run this step{target ? <Text> against <Text bold>{target}</Text></Text> : null}
          {writes ? <Text color={tone('warn')}> (it writes)</Text> : null}? <Text bold>[y/N]</Text>
        </Text>
      ) : (
        <Box flexDirection="column">
          <Text wrap="wrap">
            {why}
            {ask.reason === 'interrupted' ? 'To run it again, type ' : 'To approve, type '}
            <Text bold color={tone('warn')}>{gate.phrase}</Text>
            {target ? <Text> (target <Text bold>{target}</Text>)</Text> : null} and press Enter:
          </Text>
          <Box>
            <Text color={tone('accent')}>❯ </Text>
            <TextField
              clearOnSubmit
              onSubmit={(value) => {
                if (value !== '') onTyped(value);
              }}
            />
          </Box>
          {ask.rejected ? (
            <Text color={tone('bad')} wrap="wrap">
              ✗ {ask.rejected}: nothing was approved. Type it exactly, or Esc to pause.
            </Text>
          ) : null}
        </Box>
      )}
    </Box>
  );
}
