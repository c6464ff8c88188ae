import { existsSync } from 'node:fs';
import { Box } from 'ink';
import { useEffect, useState } from 'react';
import { fit } from './format.js';
import { actionOf } from './keymap.js';
import { RUN_KEYS } from './keymaps.js';
import { readBackward, readForward, type LogPage } from './log-pages.js';
import { tone } from './theme.js';
import { Text } from './Text.js';
import { useKeys } from './use-keys.js';

export interface LogPagerProps {
  file: string;
  title: string;
  height: number;
  width: number;
  onClose(): void;
}

const EMPTY: LogPage = { lines: [], starts: [], end: 0, size: 0 };

/**
 * A step's full log, a page at a time straight from the file (never read whole). Opens at
 * the end and follows it while the step prints; moving up stops following, G resumes.
 */
export function LogPager({ file, title, height, width, onClose }: LogPagerProps) {
  const rows = Math.max(1, height - 2);
  const [top, setTop] = useState<number | null>(null);
  const [page, setPage] = useState<LogPage>(EMPTY);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!existsSync(file)) return setPage(EMPTY);
    setPage(top === null ? lastPage(file, rows) : readForward(file, top, rows));
  }, [file, top, rows, tick]);

  // Following the end: re-read as the log grows.
  useEffect(() => {
    if (top !== null) return;
    const timer = setInterval(() => setTick((t) => t + 1), 500);
    return () => clearInterval(timer);
  }, [top]);

  useKeys((press) => {
    const start = page.starts[0] ?? 0;
    switch (actionOf(RUN_KEYS.log, press, { log: true, skippable: false })) {
      case 'close-log':
        return onClose();
      case 'start':
        return setTop(0);
      case 'follow':
        return setTop(null);
      case 'line-down':
        return setTop(page.starts[1] ?? (top === null ? null : start));
      case 'page-down':
        return setTop(page.end >= page.size ? null : page.end);
      case 'line-up':
        return setTop(readBackward(file, start, 1).starts[0] ?? 0);
      case 'page-up':
        return setTop(readBackward(file, start, rows).starts[0] ?? 0);
      default:
        return;
    }
  });

  const where = page.size === 0 ? 'empty' : top === null ? 'end (following)' : `byte ${(page.starts[0] ?? 0).toLocaleString('en-US')} of ${page.size.toLocaleString('en-US')}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        log · {title} <Text color={tone('muted')}>· {where}</Text>
      </Text>
      {page.lines.length === 0 ? <Text color={tone('muted')}>(nothing written yet)</Text> : null}
      {page.lines.map((line, i) => (
        <Text key={i} color={line.startsWith('[stderr] ') ? tone('warn') : undefined}>
          {fit(line, width)}
        </Text>
      ))}
    </Box>
  );
}

function lastPage(file: string, rows: number): LogPage {
  return readBackward(file, Number.MAX_SAFE_INTEGER, rows);
}
