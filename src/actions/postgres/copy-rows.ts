import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { dropIndexesUsing, recreateIndexes } from './index-rebuild.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { copyKeyedBatches, copyMultisetBatches, type CopyCounts } from './copy-rows-batches.js';
import { describeStrategy, findKeyStrategy } from './copy-rows-key.js';
import { Args, copyRowsSpec } from './copy-rows.spec.js';

/**
 * `postgres.copy-rows`: rows of the restored copy whose key production no longer has are
 * inserted into production, batch by batch, each batch one statement (one transaction)
 * that skips keys production has: nothing is overwritten, and running it again copies
 * nothing twice. The key is `key:` when given, else the table's primary key (single or
 * composite), else a unique NOT NULL key; a table without any is copied as a multiset
 * (see `copyMultisetBatches`). Identity ALWAYS values are inserted as they were
 * (OVERRIDING SYSTEM VALUE); generated columns are left to the database. A batch travels as ONE bound JSON parameter (`row_to_json` on the copy,
 * `json_populate_recordset` on production): every type round-trips through its text form,
 * no value is ever spliced into SQL. Afterwards each sequence behind a column of the table
 * is moved up to the column's maximum, so new rows do not collide with copied ones.
 */
export const copyRowsAction: ActionDefinition<Args> = {
  ...copyRowsSpec,
  async run(args, ctx) {
    const prodCols = await columnsOf(ctx, ctx.target.name, args.table);
    const copyCols = await columnsOf(ctx, 'restored', args.table);
    const cols = prodCols.filter((c) => copyCols.includes(c));
    const key = await findKeyStrategy(ctx, args.table, args.key, cols);
    ctx.log(`${args.table}: ${describeStrategy(key)}`);
    const plan = { table: args.table, columns: cols, batchSize: args.batch_size, disableTriggers: args.disable_triggers };
    const counts: CopyCounts = { candidates: 0, copied: 0, already_present: 0, conflicts: 0, batches: 0 };
    const methods = args.rebuild_indexes.split(',').map((m) => m.trim()).filter(Boolean);
    const dropped = await dropIndexesUsing(ctx, args.table, methods);
    try {
      if (key.strategy === 'no-key') await copyMultisetBatches(ctx, plan, counts);
      else await copyKeyedBatches(ctx, plan, key.columns, counts);
    } finally {
      await recreateIndexes(ctx, dropped, args.maintenance_work_mem);
    }
    const sequences = await catchUpSequences(ctx, args.table);
    ctx.log(`${args.table}: ${counts.copied} row(s) copied back, ${counts.already_present} already present${counts.conflicts ? `, ${counts.conflicts} skipped on another unique constraint` : ''}`);
    return {
      outputs: {
        table: args.table, strategy: key.strategy, key_columns: key.columns, key: key.columns.join(', '),
        ...counts, skipped_existing: counts.already_present, sequences_moved: sequences,
      },
      evidence: [{
        label: `rows of ${args.table} copied back (${describeStrategy(key)})`,
        expected: 'every row of the copy present in production, none overwritten',
        actual: `${counts.copied} copied, ${counts.already_present} already present, ${counts.conflicts} conflicting`,
        pass: counts.conflicts === 0,
      }],
    };
  },
};

async function columnsOf(ctx: ActionContext, on: string, table: string): Promise<string[]> {
  const rows = await queryRows(ctx, on,
    "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
    [quoteIdent(table)]);
  if (rows.length === 0) throw new ActionError(`table ${table} does not exist on ${on}`, { hint: 'Check the table name (schema.table) on both sides.' });
  return rows.map((r) => String(r['attname']));
}

/** setval(seq, max(col)) for every sequence owned by a column of the table that is behind. */
async function catchUpSequences(ctx: ActionContext, table: string): Promise<string[]> {
  const owned = await queryRows(ctx, ctx.target.name,
    `SELECT a.attname, pg_get_serial_sequence($1, a.attname) AS seq FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence($1, a.attname) IS NOT NULL`,
    [quoteIdent(table)]);
  const moved: string[] = [];
  for (const row of owned) {
    const col = quoteIdent(String(row['attname']));
    const seq = String(row['seq']);
    const [r] = await queryRows(ctx, ctx.target.name,
      `SELECT setval($1::regclass, m) AS now FROM (SELECT max(${col})::bigint AS m FROM ${quoteIdent(table)}) x
        WHERE m IS NOT NULL AND m > coalesce(pg_sequence_last_value($1::regclass), 0)`,
      [seq], { readOnly: false });
    if (r) {
      moved.push(`${seq} → ${String(r['now'])}`);
      ctx.log(`sequence ${seq} moved to ${String(r['now'])} (the copied rows reach it)`);
    }
  }
  return moved;
}
