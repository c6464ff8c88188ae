import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';

/**
 * setval(seq, max(col)) for every sequence owned by a column of the table that is behind:
 * copied rows carry the values they had, and the next default must not collide with them.
 */
export async function catchUpSequences(ctx: ActionContext, table: string): Promise<string[]> {
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
