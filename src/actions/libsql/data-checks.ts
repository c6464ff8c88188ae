import type { DataConfig } from '../../config/schema.js';
import type { Evidence } from '../../engine/types.js';
import { matchValue } from '../../engine/matcher.js';
import { Matcher } from '../../runbook/schema.js';
import { errorText } from './client.js';
import type { Query } from './table-info.js';

type Check = NonNullable<DataConfig['checks']>[number];

/**
 * Runs each of the target's `data.checks`: its query with its params bound, and every
 * expectation on the first row judged by the runbook matcher. A query that fails, or an
 * expectation that is not a matcher, is a failed check like any other; every check runs.
 */
export async function runDataChecks(query: Query, checks: Check[], log: (line: string) => void): Promise<{ evidence: Evidence[]; failed: number }> {
  const evidence: Evidence[] = [];
  let failed = 0;
  for (const check of checks) {
    const results = await judgeCheck(query, check);
    if (results.some((e) => !e.pass)) failed += 1;
    for (const e of results) log(`check ${check.id}: ${e.pass ? 'ok' : 'FAILED'} (${e.label.slice(`check ${check.id}: `.length)} expected ${e.expected}, got ${e.actual})`);
    evidence.push(...results);
  }
  return { evidence, failed };
}

async function judgeCheck(query: Query, check: Check): Promise<Evidence[]> {
  let row: Record<string, unknown> | undefined;
  try {
    row = (await query(check.query, check.params ?? []))[0];
  } catch (error) {
    return [{ label: `check ${check.id}`, expected: 'the query runs', actual: errorText(error), pass: false }];
  }
  return Object.entries(check.expect).map(([column, raw]) => {
    const label = `check ${check.id}: ${column}`;
    const matcher = Matcher.safeParse(raw);
    if (!matcher.success) return { label, expected: 'a matcher like { eq: 0 } or { gt: 0 }', actual: JSON.stringify(raw), pass: false };
    const outcome = matchValue(matcher.data, row?.[column]);
    return { label, expected: outcome.expected, actual: outcome.actual, pass: outcome.pass };
  });
}
