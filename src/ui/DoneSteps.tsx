import { Box, Static } from 'ink';
import type { DoneItem } from '../runner/run-view.js';
import { formatDuration } from '../util/duration.js';
import { EvidenceList } from './EvidenceList.js';
import { ResultTable } from './ResultTable.js';
import { doneIcon, ICONS, ICON_TONE, tone } from './theme.js';
import { Text } from './Text.js';

export interface DoneStepsProps {
  items: readonly DoneItem[];
  order: readonly string[];
  width: number;
}

/** Finished steps, printed once above the live area and never redrawn (Ink `<Static>`). */
export function DoneSteps({ items, order, width }: DoneStepsProps) {
  return <Static items={[...items]}>{(item) => <DoneStep key={item.key} item={item} index={order.indexOf(item.stepId) + 1} total={order.length} width={width} />}</Static>;
}

function DoneStep({ item, index, total, width }: { item: DoneItem; index: number; total: number; width: number }) {
  const icon = doneIcon(item);
  const took = item.status === 'skipped' ? 'skipped' : item.durationMs > 0 ? formatDuration(item.durationMs) : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="wrap">
        <Text color={tone(ICON_TONE[icon])}>{ICONS[icon]}</Text>
        <Text color={tone('muted')}> [{index}/{total}] </Text>
        <Text bold>{item.stepId}</Text>
        <Text> — {item.title}</Text>
        {took ? <Text color={tone('muted')}> · {took}</Text> : null}
        {item.attempt > 1 ? <Text color={tone('muted')}> · attempt {item.attempt}</Text> : null}
      </Text>
      {item.error ? (
        <Text color={tone('bad')} wrap="wrap">
          {'    '}
          {item.error}
        </Text>
      ) : null}
      {item.note ? (
        <Text color={tone('muted')} wrap="wrap">
          {'    '}
          {item.note}
        </Text>
      ) : null}
      <EvidenceList evidence={item.evidence} />
      {item.table ? <ResultTable table={item.table} width={width - 4} maxRows={5} /> : null}
    </Box>
  );
}
