import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';

/** What a copy-back did, summed over its batches. */
export interface CopyCounts { candidates: number; copied: number; already_present: number; conflicts: number; batches: number }

/**
 * The table, the columns both sides have (generated ones left out), the batch size, and
 * whether the table's user triggers are off during each batch (default: they fire).
 */
export interface CopyPlan { table: string; columns: string[]; batchSize: number; disableTriggers?: boolean }

/** Stops between batches once the step is cancelled: what was committed stays. */
export function checkCancelled(ctx: ActionContext): void {
  if (ctx.signal.aborted) throw new ActionError('copy cancelled', { hint: 'Batches already copied stay; running the step again finishes the copy.' });
}

/**
 * An alias for a whole row that no column of the table shadows: inside a query, a bare
 * name that is also a column means the column, not the row.
 */
export function unusedAlias(columns: string[], base: string): string {
  let alias = base;
  while (columns.includes(alias)) alias += '_';
  return alias;
}

/** Adds one batch to the counts. */
export function tally(counts: CopyCounts, read: number, copied: number, present: number, conflicts: number): void {
  counts.candidates += read;
  counts.copied += copied;
  counts.already_present += present;
  counts.conflicts += conflicts;
  counts.batches++;
}
