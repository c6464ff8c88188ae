import { formatDuration } from '../util/duration.js';
import type { HomeRow } from './home-rows.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

/** A drillable runbook (its pointer and heading are the list's): its engine, and its last drill (result and RTO) or that it was never drilled. */
export function PracticeItem({ row, selected }: { row: Extract<HomeRow, { kind: 'drill' }>; selected: boolean }) {
  const p = row.practice;
  const last = p.last ? `last ${p.last.result}${p.last.rtoMs === null ? '' : ` · RTO ${formatDuration(p.last.rtoMs)}`} · ${p.drills} drill${p.drills === 1 ? '' : 's'}` : 'never drilled';
  const good = p.last?.result === 'pass';
  return (
    <Text wrap="truncate">
      <Text bold={selected}>{p.runbookId}</Text>
      <Text color={tone('muted')}>  {p.engine} · drill  </Text>
      <Text color={p.last ? (good ? tone('ok') : tone('bad')) : tone('muted')}>{last}</Text>
    </Text>
  );
}
