import { ActionError } from '../../errors.js';
import type { Evidence, Outputs } from '../../engine/types.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { num } from './client.js';
import { executorQuery } from './copy-executors.js';
import { runDataChecks } from './data-checks.js';
import { type Query, tableColumns } from './table-info.js';
import { userTables } from './user-tables.js';
import { Args, validateSpec } from './validate.spec.js';

interface Counted {
  table: string;
  n: number | null;
  newest?: unknown;
}

/**
 * `libsql.validate`: counts the target's `data.tables` (or every user table), runs its
 * `data.checks`, optionally compares with the other side; see `validateSpec` for the outputs.
 */
export const validateAction: ActionDefinition<Args> = {
  ...validateSpec,
  async run(args, ctx) {
    const here = await sideQuery(ctx, args.on);
    const listed = ctx.target.data?.tables ?? {};
    const evidence: Evidence[] = [];
    const outputs: Outputs = { on: args.on };
    let plan: { table: string; newest: string | undefined }[];
    if (args.table !== undefined) {
      const newest = await newestColumn(here, args, listed[args.table]?.newest);
      plan = [{ table: args.table, newest }];
      outputs['scope'] = 'one table';
    } else if (Object.keys(listed).length > 0) {
      plan = Object.entries(listed).map(([table, spec]) => ({ table, newest: spec.newest }));
      outputs['scope'] = 'data.tables';
    } else {
      plan = (await userTables(here)).map((table) => ({ table, newest: undefined }));
      outputs['scope'] = 'every table';
    }

    const counted: Counted[] = [];
    for (const { table, newest } of plan) {
      const c = await countTable(here, table, newest);
      counted.push(c);
      if (c.n === null) {
        evidence.push({ label: `table ${table} (data.tables)`, expected: 'exists', actual: 'no such table', pass: false });
        continue;
      }
      outputs[`rows_${table}`] = c.n;
      if (newest) outputs[`newest_${table}`] = c.newest ?? null;
      ctx.log(`${table}: ${c.n} row(s)${newest ? `, newest ${newest} ${String(c.newest ?? '(none)')}` : ''}`);
      evidence.push({ label: `rows in ${table}`, expected: 'a count', actual: String(c.n), pass: true });
    }
    const found = counted.filter((c) => c.n !== null);
    outputs['tables'] = found.length;
    outputs['rows'] = found.reduce((sum, c) => sum + c.n!, 0);
    if (args.table !== undefined) {
      Object.assign(outputs, { table: args.table, n: counted[0]!.n, newest: counted[0]!.newest ?? null, newest_column: plan[0]!.newest ?? null });
    }

    const checks = (args.checks ?? args.table === undefined) ? (ctx.target.data?.checks ?? []) : [];
    const judged = await runDataChecks(here, checks, ctx.log);
    evidence.push(...judged.evidence);
    Object.assign(outputs, { checks: checks.length, checks_failed: judged.failed });

    if (args.compare) Object.assign(outputs, await compareCounts(ctx, args.on, found));
    return { outputs, evidence };
  },
};

async function sideQuery(ctx: ActionContext, on: 'target' | 'restored'): Promise<Query> {
  const name = on === 'restored' ? 'restored' : ctx.target.name;
  return executorQuery({ name, executor: await ctx.sql(name) }, ctx.signal);
}

/** The table's count (null when it does not exist) and the newest value of its time column. */
async function countTable(query: Query, table: string, newest: string | undefined): Promise<Counted> {
  const exists = await query("SELECT 1 AS x FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?", [table]);
  if (exists.length === 0) return { table, n: null };
  const row = (await query(`SELECT count(*) AS n${newest ? `, max(${quoteIdent(newest)}) AS newest` : ''} FROM ${quoteIdent(table)}`))[0];
  return { table, n: num(row?.['n']), ...(newest ? { newest: row?.['newest'] } : {}) };
}

/** The time column of `args.table`: the step's, else data.tables; checked to exist when known. */
async function newestColumn(query: Query, args: Args, fromData: string | undefined): Promise<string | undefined> {
  const table = args.table!;
  const chosen = args.newest || fromData;
  if (!chosen) {
    if (!args.require_newest) return undefined;
    const param = args.newest_param ? `--set ${args.newest_param}=COLUMN, or ` : '';
    throw new ActionError(`the time column of ${table} is not known, so the newest row of the copy and of production cannot be compared`, {
      hint: `Give it with ${param}in pitstop.yaml under the target: data: { tables: { ${table}: { newest: COLUMN } } } (a creation-time column of ${table}).`,
    });
  }
  const columns = await tableColumns(query, table);
  if (!columns.some((c) => c.name === chosen)) {
    throw new ActionError(`table ${table} has no column ${chosen}; its columns are ${columns.map((c) => c.name).join(', ')}`, {
      hint: args.newest ? 'Give a column of the table as its time column.' : `Fix data.tables.${table}.newest in pitstop.yaml.`,
    });
  }
  return chosen;
}

/** The same tables counted on the other side; `diff_<table>` is rows here minus rows there. */
async function compareCounts(ctx: ActionContext, on: 'target' | 'restored', here: Counted[]): Promise<Outputs> {
  const there = await sideQuery(ctx, on === 'restored' ? 'target' : 'restored');
  const out: Outputs = {};
  let differences = 0;
  for (const c of here) {
    const other = await countTable(there, c.table, undefined);
    const diff = other.n === null ? null : c.n! - other.n;
    if (diff !== 0) differences += 1;
    out[`diff_${c.table}`] = diff;
    if (diff !== 0) ctx.log(`${c.table}: ${c.n} here, ${other.n ?? 'no such table'} on the other side`);
  }
  out['differing'] = differences;
  return out;
}
