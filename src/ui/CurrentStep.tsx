import { Box } from 'ink';
import { clock, fit } from './format.js';
import type { Focus } from './run-focus.js';
import { ICONS, ICON_TONE, iconOf, tone } from './theme.js';
import { Text } from './Text.js';

export interface CurrentStepProps {
  focus: Focus;
  width: number;
  now: number;
  /** Lines the body and the command may take together. */
  room: number;
}

/** The step in focus: its title and body, the exact command or query, and what it touches. */
export function CurrentStep({ focus, width, now, room }: CurrentStepProps) {
  const { step, status, preview } = focus;
  const icon = iconOf(status.kind);
  const body = (step.body ?? '').trim().split('\n').filter((l) => l.trim() !== '');
  const commandLines = preview?.lines ?? [];
  // The command matters more than the prose: it gets room first.
  const forCommand = Math.min(commandLines.length, Math.max(1, room - Math.min(body.length, 2)));
  const forBody = Math.max(0, Math.min(body.length, room - forCommand));
  const running = status.kind === 'running' ? ` · running ${clock(now - Date.parse(status.startedAt))}` : '';
  const attempt = 'attempt' in status && status.attempt > 1 ? ` · attempt ${status.attempt}` : '';
  const stages = focus.stages.length > 0 ? ` · stages done: ${focus.stages.join(', ')}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text color={tone(ICON_TONE[icon])}>{ICONS[icon]}</Text>
        <Text color={tone('muted')}> [{focus.index}/{focus.total}] </Text>
        <Text bold>{step.id}</Text>
        {step.title ? <Text> — {step.title}</Text> : null}
        <Text color={tone('muted')}>
          {running}
          {attempt}
          {stages}
        </Text>
      </Text>
      {body.slice(0, forBody).map((line, i) => (
        <Text key={`b${i}`} wrap="truncate">
          {'  '}
          {line}
        </Text>
      ))}
      {body.length > forBody ? <Text color={tone('muted')}>  …</Text> : null}
      {preview ? (
        <>
          <Text color={tone('muted')} wrap="truncate">
            {'  '}
            {preview.summary}
          </Text>
          {commandLines.slice(0, forCommand).map((line, i) => (
            <Text key={`c${i}`} color={tone('info')}>
              {'  │ '}
              {fit(line, width - 4)}
            </Text>
          ))}
          {commandLines.length > forCommand ? <Text color={tone('muted')}>  │ … {commandLines.length - forCommand} more line(s)</Text> : null}
          <Text wrap="truncate">
            {'  touches '}
            <Text bold>{preview.touches.target}</Text>
            {preview.touches.writes ? <Text color={tone('warn')}> · WRITES</Text> : <Text color={tone('muted')}> · reads only</Text>}
          </Text>
        </>
      ) : null}
    </Box>
  );
}
