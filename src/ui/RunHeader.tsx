import { Box } from 'ink';
import { stepsThatWontRun } from '../engine/wont-run.js';
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

/**
 * The steps that can still run, with the current one in view. Steps already decided not to run
 * (their `when` reads only settled params: `pitr-turso` when the source is a snapshot) are left
 * out rather than dimmed, since the strip is one line; they are counted at the end, and each
 * says why in the finished list when the run passes it.
 */
function StepStrip({ state, width }: { state: RunState; width: number }) {
  const wont = stepsThatWontRun(state);
  const cells = state.order.flatMap((id, i) => {
    if (wont.has(id)) return [];
    const icon = iconOf(state.steps[id]?.status.kind ?? 'pending');
    return [{ id, icon, current: state.cursor === i }];
  });
  // Long runbooks: keep the current step in view.
  let text = wont.size > 0 ? `  ${wont.size} won't run` : '';
  const parts: { id: string; icon: ReturnType<typeof iconOf>; current: boolean }[] = [];
  const at = cells.findIndex((c) => c.current);
  const from = Math.max(0, (at < 0 ? 0 : at) - 2);
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
      {wont.size > 0 ? <Text color={tone('muted')}>{wont.size} won't run</Text> : null}
    </Text>
  );
}
