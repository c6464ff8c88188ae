import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';

/** What a copy-back did, summed over its batches. */
export interface CopyCounts { candidates: number; copied: number; already_present: number; conflicts: number; batches: number }

/** The table, the columns both sides have (generated ones left out), the batch size. */
export interface CopyPlan { table: string; columns: string[]; batchSize: number }

function checkCancelled(ctx: ActionContext): void {
  if (ctx.signal.aborted) throw new ActionError('copy cancelled', { hint: 'Batches already copied stay; running the step again finishes the copy.' });
}

/**
 * Batch after batch, in key order (the key may be composite): read from the copy, insert
 * the rows whose key production lacks. The page boundary travels as the last row's JSON,
 * turned back into typed key values by `json_populate_record`: bound, never spliced.
 */
export async function copyKeyedBatches(ctx: ActionContext, plan: CopyPlan, key: string[], counts: CopyCounts): Promise<void> {
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
    const [written] = await queryRows(ctx, ctx.target.name,
      `WITH src AS (SELECT * FROM json_populate_recordset(NULL::${t}, $1::json)),
            ins AS (INSERT INTO ${t} (${list}) OVERRIDING SYSTEM VALUE
                    SELECT ${list} FROM src WHERE NOT EXISTS (SELECT 1 FROM ${t} AS dst WHERE ${matches})
                    ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS copied,
              (SELECT count(*) FROM src WHERE EXISTS (SELECT 1 FROM ${t} AS dst WHERE ${matches}))::int AS present`,
      [batch!['rows']], { readOnly: false });
    const copied = Number(written!['copied']);
    const present = Number(written!['present']);
    tally(counts, n, copied, present, n - copied - present);
    last = String(batch!['last']);
    ctx.log(`${plan.table}: ${counts.candidates} read from the copy, ${counts.copied} copied, ${counts.already_present} already present`);
    if (n < plan.batchSize) break;
  }
}

/**
 * No key: the copy is read as distinct rows with their counts (a batch is `batchSize`
 * distinct rows), and production receives each row as many times as the copy has it more
 * than production: `EXCEPT ALL`, under which NULLs compare equal. Rows production gained
 * since are untouched and a second run inserts nothing.
 */
export async function copyMultisetBatches(ctx: ActionContext, plan: CopyPlan, counts: CopyCounts): Promise<void> {
  const t = quoteIdent(plan.table);
  const list = plan.columns.map(quoteIdent).join(', ');
  const g = unusedAlias(plan.columns, 'copy_row');
  const s = unusedAlias(plan.columns, 'src_row');
  const fromSrc = plan.columns.map((c) => `${s}.${quoteIdent(c)}`).join(', ');
  let offset = 0;
  for (;;) {
    checkCancelled(ctx);
    const [batch] = await queryRows(ctx, 'restored',
      `SELECT count(*)::int AS groups, coalesce(sum(b.n), 0)::bigint::text AS n,
              json_agg(json_build_object('n', b.n, 'row', b.r))::text AS rows
         FROM (SELECT row_to_json(${g}) AS r, count(*) AS n FROM (SELECT ${list} FROM ${t}) ${g}
                GROUP BY ${g} ORDER BY ${g} LIMIT $1 OFFSET $2) b`,
      [plan.batchSize, offset]);
    const groups = Number(batch!['groups']);
    if (groups === 0) break;
    const n = Number(batch!['n']);
    const [written] = await queryRows(ctx, ctx.target.name,
      `WITH b AS (SELECT (e->>'n')::bigint AS n, e->'row' AS r FROM json_array_elements($1::json) e),
            src AS (SELECT ${fromSrc} FROM b CROSS JOIN LATERAL json_populate_record(NULL::${t}, b.r) ${s}
                     CROSS JOIN LATERAL generate_series(1, b.n)),
            missing AS (SELECT ${list} FROM src EXCEPT ALL SELECT ${list} FROM ${t}),
            ins AS (INSERT INTO ${t} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM missing
                    ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS copied, (SELECT count(*) FROM missing)::int AS missing`,
      [batch!['rows']], { readOnly: false });
    const copied = Number(written!['copied']);
    const missing = Number(written!['missing']);
    tally(counts, n, copied, n - missing, missing - copied);
    offset += groups;
    ctx.log(`${plan.table}: ${counts.candidates} read from the copy, ${counts.copied} copied, ${counts.already_present} already present`);
    if (groups < plan.batchSize) break;
  }
}

/**
 * An alias for a whole row that no column of the table shadows: inside a query, a bare
 * name that is also a column means the column, not the row.
 */
function unusedAlias(columns: string[], base: string): string {
  let alias = base;
  while (columns.includes(alias)) alias += '_';
  return alias;
}

function tally(counts: CopyCounts, read: number, copied: number, present: number, conflicts: number): void {
  counts.candidates += read;
  counts.copied += copied;
  counts.already_present += present;
  counts.conflicts += conflicts;
  counts.batches++;
}
