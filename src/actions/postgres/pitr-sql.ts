import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';

/**
 * Rows of one statement on `on` (the target's name or `restored`) through the run's SQL
 * executor; an SQL error becomes an ActionError naming the database.
 */
export async function queryRows(
  ctx: Pick<ActionContext, 'sql' | 'signal'>,
  on: string,
  query: string,
  params: unknown[] = [],
  opts: { readOnly?: boolean; timeoutMs?: number } = {},
): Promise<Record<string, unknown>[]> {
  const executor = await ctx.sql(on);
  const result = await executor.run(
    { kind: 'sql', on, query, params, readOnly: opts.readOnly ?? true, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
    { signal: ctx.signal },
  );
  if (result.error || result.timedOut) {
    throw new ActionError(`${on}: ${result.error ?? 'the query timed out'}`, { hint: `Check that ${on} is reachable and that the role may run: ${query}` });
  }
  return result.rows;
}
