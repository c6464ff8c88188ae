import type { Evidence, Outputs } from '../../engine/types.js';
import type { ActionOutcome } from '../types.js';
import type { CopyCounts } from './copy-rows-batches.js';
import { describePlanned, type PlannedTable } from './copy-family.js';
import { outputKey } from './validate-tables.js';

/** What the copy-back did to one table of its plan. */
export interface TableCopy {
  planned: PlannedTable;
  counts: CopyCounts;
  sequences: string[];
  /** Rows not copied back because production lacks their parent (set aside in the copy). */
  orphans: number;
}

/**
 * The step's outputs and evidence: the named table's counts as they always were (`copied` is
 * what the runbook's validation adds), then each table's own counts and the totals.
 */
export function copyOutcome(copies: TableCopy[]): ActionOutcome {
  const main = copies.find((c) => c.planned.reason === 'named')!;
  const { key, table } = main.planned;
  const outputs: Outputs = {
    table, strategy: key.strategy, key_columns: key.columns, key: key.columns.join(', '),
    ...main.counts, skipped_existing: main.counts.already_present, sequences_moved: copies.flatMap((c) => c.sequences),
    copied_total: copies.reduce((n, c) => n + c.counts.copied, 0),
    orphans: copies.reduce((n, c) => n + c.orphans, 0),
    tables: copies.map((c) => c.planned.table).join(', '),
  };
  for (const c of copies) {
    const name = outputKey(c.planned.table);
    outputs[`copied_${name}`] = c.counts.copied;
    outputs[`skipped_existing_${name}`] = c.counts.already_present;
    outputs[`orphans_${name}`] = c.orphans;
    outputs[`strategy_${name}`] = c.planned.key.strategy;
  }
  return { outputs, evidence: copies.map(evidenceOf) };
}

/**
 * One table's counts as a sum that adds up: every row of the copy is copied, already in
 * production, skipped on another unique constraint, or set aside as an orphan; anything left
 * over is named as such rather than silently missing.
 */
export function copySummary(counts: CopyCounts, orphans: number): string {
  const parts = [`${counts.copied} copied`, `${counts.already_present} already in production`];
  if (counts.conflicts > 0) parts.push(`${counts.conflicts} NOT copied (another unique constraint holds them)`);
  if (orphans > 0) parts.push(`${orphans} NOT copied (parent row missing in production, set aside in the copy)`);
  const rest = counts.candidates - counts.copied - counts.already_present - counts.conflicts;
  if (rest !== 0) parts.push(`${rest} not accounted for (see the step log)`);
  const total = counts.candidates + orphans;
  return `${total} ${total === 1 ? 'row' : 'rows'} in the copy = ${parts.join(' + ')}`;
}

function evidenceOf(c: TableCopy): Evidence {
  return {
    label: `rows of ${describePlanned(c.planned)}`,
    expected: 'every row of the copy present in production, none overwritten',
    actual: copySummary(c.counts, c.orphans),
    pass: c.counts.conflicts === 0,
  };
}
