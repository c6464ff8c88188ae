import { Box } from 'ink';
import type { DoneItem } from '../runner/run-view.js';
import { cell, fit } from './format.js';
import { tone } from './theme.js';
import { Text } from './Text.js';

export interface ResultTableProps {
  table: NonNullable<DoneItem['table']>;
  width: number;
  maxRows: number;
}

/** A query's first rows as an aligned table, cut to the terminal's width. */
export function ResultTable({ table, width, maxRows }: ResultTableProps) {
  const { columns, rowCount } = table;
  if (columns.length === 0) return null;
  const rows = table.rows.slice(0, maxRows).map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.min(30, Math.max(c.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => fit(cells.map((v, i) => fit(v, widths[i]!).padEnd(widths[i]!)).join(' │ '), width);
  const more = rowCount - rows.length;
  return (
    <Box flexDirection="column" paddingLeft={4}>
      <Text bold>{line(columns)}</Text>
      {rows.map((r, i) => (
        <Text key={i}>{line(r)}</Text>
      ))}
      <Text color={tone('muted')}>
        {rowCount === 0 ? '(no rows)' : more > 0 ? `… ${more} more row${more === 1 ? '' : 's'} (${rowCount} in all)` : `${rowCount} row${rowCount === 1 ? '' : 's'}`}
      </Text>
    </Box>
  );
}
