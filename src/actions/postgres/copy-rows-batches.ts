import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';
import { withBatchWriter, type WriteBatch } from './copy-rows-writer.js';
import { checkCancelled, tally, unusedAlias, type CopyCounts, type CopyPlan } from './copy-rows-shared.js';

export type { CopyCounts, CopyPlan } from './copy-rows-shared.js';
export { copyMultisetBatches } from './copy-rows-multiset.js';

/**
 * Batch after batch, in key order (the key may be composite): read from the copy, insert
 * the rows whose key production lacks, each batch one transaction (`withBatchWriter`: the
 * triggers fire, or the user triggers are off for that transaction). The page boundary travels as the last row's JSON,
 * turned back into typed key values by `json_populate_record`: bound, never spliced.
 */
export async function copyKeyedBatches(ctx: ActionContext, plan: CopyPlan, key: string[], counts: CopyCounts): Promise<void> {
  await withBatchWriter(ctx, plan, (write) => copyPages(ctx, plan, key, counts, write));
}

async function copyPages(ctx: ActionContext, plan: CopyPlan, key: string[], counts: CopyCounts, write: WriteBatch): Promise<void> {
  const t = quoteIdent(plan.table);
  const list = plan.columns.map(quoteIdent).join(', ');
  const keys = key.map(quoteIdent);
  const b = unusedAlias(plan.columns, 'page_row');
  const order = keys.map((k) => `${b}.${k}`).join(', ');
  const matches = keys.map((k) => `dst.${k} = src.${k}`).join(' AND ');
  let last: string | null = null;
  for (;;) {
    checkCancelled(ctx);
    const after = `WHERE (${keys.join(', ')}) > (SELECT ${keys.join(', ')} FROM json_populate_record(NULL::${t}, $2::json))`;
    const page = `SELECT * FROM ${t} ${last === null ? '' : after} ORDER BY ${keys.join(', ')} LIMIT $1`;
    const [batch] = await queryRows(ctx, 'restored',
      `SELECT n, rows::text AS rows, (rows -> (n - 1))::text AS last
         FROM (SELECT count(*)::int AS n, json_agg(${b} ORDER BY ${order}) AS rows FROM (${page}) ${b}) x`,
      last === null ? [plan.batchSize] : [plan.batchSize, last]);
    const n = Number(batch!['n']);
    if (n === 0) break;
    const [written] = await write(
      `WITH src AS (SELECT * FROM json_populate_recordset(NULL::${t}, $1::json)),
            ins AS (INSERT INTO ${t} (${list}) OVERRIDING SYSTEM VALUE
                    SELECT ${list} FROM src WHERE NOT EXISTS (SELECT 1 FROM ${t} AS dst WHERE ${matches})
                    ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS copied,
              (SELECT count(*) FROM src WHERE EXISTS (SELECT 1 FROM ${t} AS dst WHERE ${matches}))::int AS present`,
      [batch!['rows']]);
    const copied = Number(written!['copied']);
    const present = Number(written!['present']);
    tally(counts, n, copied, present, n - copied - present);
    last = String(batch!['last']);
    ctx.log(`${plan.table}: ${counts.candidates} read from the copy, ${counts.copied} copied, ${counts.already_present} already present`);
    if (n < plan.batchSize) break;
  }
}
