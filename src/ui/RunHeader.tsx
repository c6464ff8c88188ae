import { Box } from 'ink';
import type { RunState } from '../engine/types.js';
import { clock, fit, rtoLeft } from './format.js';
import { wrappedLines } from './step-lines.js';
import { describeTarget } from './target-line.js';
import { ICONS, ICON_TONE, iconOf, tone } from './theme.js';
import { useClock } from './use-clock.js';
import { Text } from './Text.js';

export interface RunHeaderProps {
  state: RunState;
  runId: string;
  width: number;
  /** Stops the clock when the run is over. */
  ticking: boolean;
}

/** The header's text lines at full length (what the header draws, wrapped). */
function headerTexts(state: RunState, runId: string, elapsed: number): [string, string] {
  const target = describeTarget(state.target);
  const rto = rtoLeft(state.runbook.sla?.rto, elapsed);
  return [
    `${state.runbook.title} · run ${runId}`,
    `elapsed ${clock(elapsed)}${rto ? ` · ${rto.text}` : ''} · target ${target.name} (${target.engine} · ${target.host} · ${target.database})`,
  ];
}

/** Terminal lines the header takes at `width` columns (its text wraps; the step strip is one line). */
export function headerHeight(state: RunState, runId: string, width: number): number {
  const [title, clockLine] = headerTexts(state, runId, Date.now() - Date.parse(state.startedAt));
  return wrappedLines(title, width, 0) + wrappedLines(clockLine, width, 0) + 1;
}

/**
 * Runbook, target (engine, host, database; never a secret), the time since the run began and
 * the RTO budget left, and one icon per step. On a narrow terminal the lines wrap, the clock
 * and the RTO first.
 */
export function RunHeader({ state, runId, width, ticking }: RunHeaderProps) {
  const now = useClock(ticking ? 1000 : 3_600_000);
  const elapsed = now - Date.parse(state.startedAt);
  const target = describeTarget(state.target);
  const rto = rtoLeft(state.runbook.sla?.rto, elapsed);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="wrap">
        <Text bold>{state.runbook.title}</Text>
        <Text color={tone('muted')}> · run {runId}</Text>
      </Text>
      {/* The clock first: on a narrow terminal it stays on the first line. */}
      <Text wrap="wrap">
        <Text>elapsed {clock(elapsed)}</Text>
        {rto ? <Text color={rto.over ? tone('bad') : tone('ok')}> · {rto.text}</Text> : null}
        <Text> · target </Text>
        <Text bold>{target.name}</Text>
        <Text color={tone('muted')}>
          {' '}
          ({target.engine} · {target.host} · {target.database})
        </Text>
      </Text>
      <StepStrip state={state} width={width} />
    </Box>
  );
}

function StepStrip({ state, width }: { state: RunState; width: number }) {
  const cells = state.order.map((id, i) => {
    const icon = iconOf(state.steps[id]?.status.kind ?? 'pending');
    const current = state.cursor === i;
    return { id, icon, current };
  });
  // Long runbooks: keep the current step in view.
  let text = '';
  const parts: { id: string; icon: ReturnType<typeof iconOf>; current: boolean }[] = [];
  const from = Math.max(0, (state.cursor ?? 0) - 2);
  for (const cell of cells.slice(from)) {
    const piece = `${ICONS[cell.icon]} ${cell.id}  `;
    if (text.length + piece.length > width - 2) break;
    text += piece;
    parts.push(cell);
  }
  return (
    <Text wrap="truncate">
      {from > 0 ? '… ' : ''}
      {parts.map((p) => (
        <Text key={p.id} bold={p.current}>
          <Text color={tone(ICON_TONE[p.icon])}>{ICONS[p.icon]}</Text> {fit(p.id, 40)}{'  '}
        </Text>
      ))}
    </Text>
  );
}
