import type { DataConfig } from '../../config/schema.js';
import { matchValue } from '../../engine/matcher.js';
import type { Evidence } from '../../engine/types.js';
import { ActionError } from '../../errors.js';
import { Matcher } from '../../runbook/schema.js';
import type { ActionContext } from '../types.js';

type Check = NonNullable<DataConfig['checks']>[number];

/**
 * Runs one `data.checks` query on `on`, read-only and alone (one statement), its `params`
 * bound as $1, $2…, and judges its first row with the check's expectations, as a step's
 * `expect:` is judged. A query that fails (a write refused, a syntax error) fails the check.
 */
export async function runCheck(ctx: Pick<ActionContext, 'sql' | 'signal'>, on: string, check: Check): Promise<Evidence[]> {
  const expectations = Object.entries(check.expect).map(([column, raw]) => {
    const parsed = Matcher.safeParse(raw);
    if (!parsed.success) {
      throw new ActionError(`data.checks ${check.id}: expect.${column} is not an expectation`, {
        hint: 'Write it like a step expectation: a value, or { eq | ne | gt | gte | lt | lte | matches | contains: … } (pitstop.yaml, data.checks).',
      });
    }
    return [column, parsed.data] as const;
  });
  const executor = await ctx.sql(on);
  const result = await executor.run({ kind: 'sql', on, query: check.query, params: check.params ?? [], readOnly: true }, { signal: ctx.signal });
  if (result.error || result.timedOut) {
    return [{ label: `check ${check.id}`, expected: 'the query runs read-only', actual: result.error ?? 'timed out', pass: false }];
  }
  const first = result.rows[0];
  return expectations.map(([column, matcher]) => {
    if (!first) return { label: `check ${check.id}: ${column}`, expected: matchValue(matcher, undefined).expected, actual: 'no rows', pass: false };
    if (!(column in first)) return { label: `check ${check.id}: ${column}`, expected: matchValue(matcher, undefined).expected, actual: `no column ${column}`, pass: false };
    return { label: `check ${check.id}: ${column}`, ...matchValue(matcher, first[column]) };
  });
}
