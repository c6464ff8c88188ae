import { existsSync } from 'node:fs';
import { Box } from 'ink';
import { useEffect, useState } from 'react';
import { fit } from './format.js';
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

  useKeys(({ input, key }) => {
    if (key.escape || input === 'q' || input === 'l') return onClose();
    const start = page.starts[0] ?? 0;
    if (input === 'g' || key.home) return setTop(0);
    if (input === 'G' || key.end) return setTop(null);
    if (key.downArrow || input === 'j') return setTop(page.starts[1] ?? (top === null ? null : start));
    if (key.pageDown || input === ' ') return setTop(page.end >= page.size ? null : page.end);
    if (key.upArrow || input === 'k') return setTop(readBackward(file, start, 1).starts[0] ?? 0);
    if (key.pageUp || input === 'b') return setTop(readBackward(file, start, rows).starts[0] ?? 0);
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
