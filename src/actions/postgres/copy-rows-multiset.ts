import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext } from '../types.js';
import { RowGroups, type RowGroup } from './copy-rows-groups.js';
import { withBatchWriter, type WriteBatch } from './copy-rows-writer.js';
import { checkCancelled, tally, unusedAlias, type CopyCounts, type CopyPlan } from './copy-rows-shared.js';

/** Rows of the copy production lacks, waiting for the next batch: each row's text and how many times. */
interface Surplus { rows: { text: string; count: number }[]; total: number; read: number; present: number }

/**
 * No key: production receives each distinct row of the copy as many times as the copy has
 * it more than production. Both sides are read once, as distinct rows with their counts in
 * the same byte order (`RowGroups`), and merged here; the surplus is inserted in batches of
 * about `batchSize` rows, each one transaction. NULLs compare equal, values compare by their
 * text (floats exactly, json as written). Rows production gained since are untouched and a
 * second run inserts nothing. Production's counts are those of the moment the copy starts.
 */
export async function copyMultisetBatches(ctx: ActionContext, plan: CopyPlan, counts: CopyCounts): Promise<void> {
  const source = await RowGroups.open(ctx, 'restored', plan);
  try {
    const present = await RowGroups.open(ctx, ctx.target.name, plan);
    try {
      await withBatchWriter(ctx, plan, (write) => merge(ctx, plan, { source, present, write }, counts));
    } finally {
      await present.close();
    }
  } finally {
    await source.close();
  }
}

/** The two sides read, and where the surplus goes. */
interface MergeSides { source: RowGroups; present: RowGroups; write: WriteBatch }

async function merge(ctx: ActionContext, plan: CopyPlan, { source, present, write }: MergeSides, counts: CopyCounts): Promise<void> {
  let pending: Surplus = { rows: [], total: 0, read: 0, present: 0 };
  let there: RowGroup | undefined = await present.next();
  for (let row = await source.next(); row; row = await source.next()) {
    checkCancelled(ctx);
    while (there && Buffer.compare(there.bytes, row.bytes) < 0) there = await present.next();
    const have = there && Buffer.compare(there.bytes, row.bytes) === 0 ? there.count : 0;
    pending.read += row.count;
    pending.present += Math.min(have, row.count);
    if (row.count > have) {
      pending.rows.push({ text: row.text, count: row.count - have });
      pending.total += row.count - have;
    }
    if (pending.total >= plan.batchSize) {
      await insertSurplus(ctx, plan, pending, counts, write);
      pending = { rows: [], total: 0, read: 0, present: 0 };
    }
  }
  if (pending.total > 0 || pending.read > 0) await insertSurplus(ctx, plan, pending, counts, write);
}

/** One batch: the rows travel as one bound JSON parameter, `[{"n": count, "row": {…}}, …]`. */
async function insertSurplus(ctx: ActionContext, plan: CopyPlan, batch: Surplus, counts: CopyCounts, write: WriteBatch): Promise<void> {
  if (batch.total === 0) {
    // The copy's last rows are all in production: nothing to write, no batch.
    counts.candidates += batch.read;
    counts.already_present += batch.present;
    return;
  }
  const t = quoteIdent(plan.table);
  const list = plan.columns.map(quoteIdent).join(', ');
  const s = unusedAlias(plan.columns, 'src_row');
  const fromSrc = plan.columns.map((c) => `${s}.${quoteIdent(c)}`).join(', ');
  // The rows' text is JSON already (row_to_json on the copy): it is framed, not re-encoded.
  const payload = `[${batch.rows.map((r) => `{"n":${r.count},"row":${r.text}}`).join(',')}]`;
  const [written] = await write(
    `WITH batch AS (SELECT (e->>'n')::bigint AS n, e->'row' AS r FROM json_array_elements($1::json) e),
          ins AS (INSERT INTO ${t} (${list}) OVERRIDING SYSTEM VALUE
                  SELECT ${fromSrc} FROM batch CROSS JOIN LATERAL json_populate_record(NULL::${t}, batch.r) ${s}
                   CROSS JOIN LATERAL generate_series(1, batch.n)
                  ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS copied FROM ins`,
    [payload]);
  const copied = Number(written!['copied']);
  tally(counts, batch.read, copied, batch.present, batch.total - copied);
  ctx.log(`${plan.table}: ${counts.candidates} read from the copy, ${counts.copied} copied, ${counts.already_present} already present`);
}
