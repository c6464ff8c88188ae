import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { dropIndexesUsing, recreateIndexes } from './index-rebuild.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, copyRowsSpec } from './copy-rows.spec.js';

/**
 * `postgres.copy-rows`: rows of the restored copy whose key production no longer has are
 * inserted into production, batch by batch, each batch one statement (one transaction)
 * that skips keys production has: nothing is overwritten, and running it again copies
 * nothing twice. A batch travels as ONE bound JSON parameter (`row_to_json` on the copy,
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
    if (!cols.includes(args.key)) {
      throw new ActionError(`column ${args.key} is not in ${args.table} on both sides`, { hint: 'Give key: the primary key column of the table.' });
    }
    const list = cols.map(quoteIdent).join(', ');
    const counts = { candidates: 0, copied: 0, already_present: 0, conflicts: 0, batches: 0 };
    const methods = args.rebuild_indexes.split(',').map((m) => m.trim()).filter(Boolean);
    const dropped = await dropIndexesUsing(ctx, args.table, methods);
    try {
      await copyBatches(ctx, args, list, counts);
    } finally {
      await recreateIndexes(ctx, dropped, args.maintenance_work_mem);
    }
    const sequences = await catchUpSequences(ctx, args.table);
    ctx.log(`${args.table}: ${counts.copied} row(s) copied back, ${counts.already_present} already present${counts.conflicts ? `, ${counts.conflicts} skipped on another unique constraint` : ''}`);
    return {
      outputs: { table: args.table, key: args.key, ...counts, sequences_moved: sequences },
      evidence: [{
        label: `rows of ${args.table} copied back`,
        expected: 'every row of the copy present in production, none overwritten',
        actual: `${counts.copied} copied, ${counts.already_present} already present, ${counts.conflicts} conflicting`,
        pass: counts.conflicts === 0,
      }],
    };
  },
};

type Counts = { candidates: number; copied: number; already_present: number; conflicts: number; batches: number };

/** Batch after batch, in key order: read from the copy, insert the missing rows into production. */
async function copyBatches(ctx: ActionContext, args: Args, list: string, counts: Counts): Promise<void> {
  const t = quoteIdent(args.table);
  const k = quoteIdent(args.key);
  let last: string | null = null;
  for (;;) {
    if (ctx.signal.aborted) throw new ActionError('copy cancelled', { hint: 'Batches already copied stay; running the step again finishes the copy.' });
    const page = `SELECT * FROM ${t} ${last === null ? '' : `WHERE ${k} > $2`} ORDER BY ${k} LIMIT $1`;
    const [batch] = await queryRows(ctx, 'restored',
      `SELECT count(*)::int AS n, json_agg(b ORDER BY b.${k})::text AS rows, (array_agg(b.${k}::text ORDER BY b.${k} DESC))[1] AS last FROM (${page}) b`,
      last === null ? [args.batch_size] : [args.batch_size, last]);
    const n = Number(batch!['n']);
    if (n === 0) break;
    const [written] = await queryRows(ctx, ctx.target.name,
      `WITH src AS (SELECT * FROM json_populate_recordset(NULL::${t}, $1::json)),
            ins AS (INSERT INTO ${t} (${list}) OVERRIDING SYSTEM VALUE
                    SELECT ${list} FROM src WHERE NOT EXISTS (SELECT 1 FROM ${t} AS dst WHERE dst.${k} = src.${k})
                    ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS copied,
              (SELECT count(*) FROM src WHERE EXISTS (SELECT 1 FROM ${t} AS dst WHERE dst.${k} = src.${k}))::int AS present`,
      [batch!['rows']], { readOnly: false });
    const copied = Number(written!['copied']);
    const present = Number(written!['present']);
    counts.candidates += n;
    counts.copied += copied;
    counts.already_present += present;
    counts.conflicts += n - copied - present;
    counts.batches++;
    last = String(batch!['last']);
    ctx.log(`${args.table}: ${counts.candidates} read from the copy, ${counts.copied} copied, ${counts.already_present} already present`);
    if (n < args.batch_size) break;
  }
}

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
