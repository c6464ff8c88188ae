import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { dropIndexesUsing, recreateIndexes } from './index-rebuild.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { copyKeyedBatches, copyMultisetBatches, type CopyCounts } from './copy-rows-batches.js';
import { requireKeyColumns } from './copy-rows-key.js';
import { copyOutcome, copySummary, type TableCopy } from './copy-rows-outcome.js';
import { setOrphansAside } from './copy-rows-orphans.js';
import { catchUpSequences } from './copy-rows-sequences.js';
import { describePlanned, planCopyFamily, tableList, type PlannedTable } from './copy-family.js';
import { Args, copyRowsSpec } from './copy-rows.spec.js';

/**
 * `postgres.copy-rows`: the plan of `postgres.copy-plan` (the same function, on production's
 * catalog), then each table of it in order: rows of the copy production lacks, matched on the
 * table's key (`copyKeyedBatches`) or as a multiset (`copyMultisetBatches`), never
 * overwriting; identity ALWAYS values inserted as they were, generated columns left to the
 * database, sequences moved past the copied values. Rows whose parent production lacks are
 * set aside in the copy first (`setOrphansAside`) and counted, never inserted.
 */
export const copyRowsAction: ActionDefinition<Args> = {
  ...copyRowsSpec,
  async run(args, ctx) {
    const plan = await planCopyFamily(ctx, args.table, { also: tableList(args.also), cascade: args.cascade, ...(args.key ? { key: args.key } : {}) });
    if (plan.tables.length > 1) ctx.log(`copy order: ${plan.tables.map((t) => t.table).join(', ')}`);
    const copies: TableCopy[] = [];
    for (const planned of plan.tables) copies.push(await copyTable(ctx, args, planned));
    return copyOutcome(copies);
  },
};

async function copyTable(ctx: ActionContext, args: Args, planned: PlannedTable): Promise<TableCopy> {
  const prodCols = await columnsOf(ctx, ctx.target.name, planned.table);
  const copyCols = await columnsOf(ctx, 'restored', planned.table);
  if (copyCols.length === 0 && planned.reason === 'cascade') {
    // A table created after the copy's point in time: none of its rows can be in the copy.
    ctx.log(`${planned.table}: not in the restored copy (created after it): nothing to copy back`);
    return { planned, counts: { candidates: 0, copied: 0, already_present: 0, conflicts: 0, batches: 0 }, sequences: [], orphans: 0 };
  }
  if (copyCols.length === 0) throw new ActionError(`table ${planned.table} does not exist on restored`, { hint: 'Check the table name (schema.table) on both sides.' });
  const cols = prodCols.filter((c) => copyCols.includes(c));
  requireKeyColumns(planned.table, planned.key, cols, planned.reason === 'named' && args.key !== undefined);
  ctx.log(describePlanned(planned));
  const orphans = await setOrphansAside(ctx, planned.table);
  const plan = { table: planned.table, columns: cols, batchSize: args.batch_size, disableTriggers: args.disable_triggers };
  const counts: CopyCounts = { candidates: 0, copied: 0, already_present: 0, conflicts: 0, batches: 0 };
  const methods = args.rebuild_indexes.split(',').map((m) => m.trim()).filter(Boolean);
  const dropped = await dropIndexesUsing(ctx, planned.table, methods);
  try {
    if (planned.key.strategy === 'no-key') await copyMultisetBatches(ctx, plan, counts);
    else await copyKeyedBatches(ctx, plan, planned.key.columns, counts);
  } finally {
    await recreateIndexes(ctx, dropped, args.maintenance_work_mem);
  }
  const sequences = await catchUpSequences(ctx, planned.table);
  ctx.log(`${planned.table}: ${copySummary(counts, orphans.total)}`);
  return { planned, counts, sequences, orphans: orphans.total };
}

/** The table's columns on `on` that take a value (generated ones left out); none: no such table. */
async function columnsOf(ctx: ActionContext, on: string, table: string): Promise<string[]> {
  const rows = await queryRows(ctx, on,
    "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
    [quoteIdent(table)]);
  return rows.map((r) => String(r['attname']));
}
