import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import { withPg } from './pg-session.js';
import type { ActionContext } from '../types.js';
import type { CopyPlan } from './copy-rows-shared.js';

/** Runs one batch's statement on production, in a transaction of its own; returns its rows. */
export type WriteBatch = (query: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Gives `fn` the way to write batches into production. By default through the target's SQL
 * executor: production's triggers fire for the restored rows. With `plan.disableTriggers`,
 * on a session of its own where each batch is
 * `BEGIN; ALTER TABLE t DISABLE TRIGGER USER; <batch>; ALTER TABLE t ENABLE TRIGGER USER; COMMIT`:
 * the triggers come back on inside the very transaction that turned them off, so no crash
 * or error can leave them off (a failed batch rolls both back), and other sessions never see
 * them off (the ALTER's lock makes their writes wait for the batch). USER spares the
 * constraint triggers: foreign keys are still checked. Never `session_replication_role`,
 * which would silence foreign keys too.
 */
export async function withBatchWriter<T>(ctx: ActionContext, plan: CopyPlan, fn: (write: WriteBatch) => Promise<T>): Promise<T> {
  if (!plan.disableTriggers) return fn((query, params) => queryRows(ctx, ctx.target.name, query, params, { readOnly: false }));
  const t = quoteIdent(plan.table);
  ctx.log(`${plan.table}: user triggers of ${t} disabled during each batch (enabled again before each commit)`);
  return withPg(ctx.target.url, ctx.target.secrets, `copying rows into ${plan.table} with its user triggers disabled`, (client) =>
    fn(async (query, params) => {
      await client.query('BEGIN');
      try {
        await client.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
        const result = await client.query(query, params);
        await client.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
        await client.query('COMMIT');
        return result.rows as Record<string, unknown>[];
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }));
}
