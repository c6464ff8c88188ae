import { Box } from 'ink';
import { clock } from './format.js';
import type { Focus } from './run-focus.js';
import { bodyLines, COMMAND_LINES } from './step-lines.js';
import { ICONS, ICON_TONE, iconOf, tone } from './theme.js';
import { Text } from './Text.js';

export interface CurrentStepProps {
  focus: Focus;
  width: number;
  now: number;
}

/**
 * The step in focus: its title and body, the exact command or query, and what it touches.
 * Everything wraps at the terminal's width: at 60 columns the operator still reads the whole
 * body, the whole command (a long path too) and the target, never a line cut with "…".
 */
export function CurrentStep({ focus, width, now }: CurrentStepProps) {
  const { step, status, preview } = focus;
  const icon = iconOf(status.kind);
  const body = bodyLines(focus);
  const commandLines = preview?.lines ?? [];
  const running = status.kind === 'running' ? ` · running ${clock(now - Date.parse(status.startedAt))}` : '';
  const attempt = 'attempt' in status && status.attempt > 1 ? ` · attempt ${status.attempt}` : '';
  const stages = focus.stages.length > 0 ? ` · stages done: ${focus.stages.join(', ')}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="wrap">
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
      {body.map((line, i) => (
        <Indented key={`b${i}`} prefix="  ">
          <Text wrap="wrap">{line}</Text>
        </Indented>
      ))}
      {preview ? (
        <>
          <Indented prefix="  ">
            <Text color={tone('muted')} wrap="wrap">
              {preview.summary}
            </Text>
          </Indented>
          {commandLines.slice(0, COMMAND_LINES).map((line, i) => (
            <Indented key={`c${i}`} prefix="  │ " tone="info">
              {/* A command is wrapped anywhere, a long path too: every character stays on screen. */}
              <Text color={tone('info')} wrap="wrap">
                {line}
              </Text>
            </Indented>
          ))}
          {commandLines.length > COMMAND_LINES ? (
            <Text color={tone('muted')} wrap="wrap">
              {`  │ … ${commandLines.length - COMMAND_LINES} more line(s): pitstop run --dry-run prints them all`}
            </Text>
          ) : null}
          <Indented prefix="  ">
            <Text wrap="wrap">
              {'touches '}
              <Text bold>{preview.touches.target}</Text>
              {preview.touches.writes ? <Text color={tone('warn')}> · WRITES</Text> : <Text color={tone('muted')}> · reads only</Text>}
            </Text>
          </Indented>
        </>
      ) : null}
    </Box>
  );
}

/** A text after a fixed prefix; its wrapped lines stay aligned after the prefix. */
function Indented({ prefix, tone: prefixTone, children }: { prefix: string; tone?: 'info'; children: React.ReactNode }) {
  return (
    <Box>
      <Box width={prefix.length} flexShrink={0}>
        <Text color={prefixTone ? tone(prefixTone) : undefined}>{prefix}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        {children}
      </Box>
    </Box>
  );
}
