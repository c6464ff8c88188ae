import type { Evidence } from '../../engine/types.js';
import type { ActionDefinition } from '../types.js';
import { runCheck } from './validate-checks.js';
import { countTables, latestOf, outputKey, tablesToCount, type TableCount } from './validate-tables.js';
import { Args, validateSpec } from './validate.spec.js';

/**
 * `postgres.validate`: rows per table (the target's `data.tables`, or every user table),
 * their newest values, and the target's `data.checks`, on the target or the restored copy;
 * with `compare`, the copy's counts against production's.
 */
export const validateAction: ActionDefinition<Args> = {
  ...validateSpec,
  async run(args, ctx) {
    const on = args.on === 'restored' ? 'restored' : ctx.target.name;
    const data = ctx.target.data;
    const list = await tablesToCount(ctx, on, data);
    const counted = await countTables(ctx, on, list);
    const evidence: Evidence[] = [];
    const outputs: Record<string, unknown> = {};
    if (!data?.tables) evidence.push({ label: 'user tables', expected: 'at least one', actual: String(counted.length), pass: counted.length > 0 });
    const production = args.compare && on === 'restored' ? await countTables(ctx, ctx.target.name, list) : null;
    let differing = 0;
    counted.forEach((table, i) => {
      const key = outputKey(table.name);
      outputs[`rows_${key}`] = table.rows;
      if (table.newest !== null) outputs[`newest_${key}`] = table.newest;
      if (data?.tables) evidence.push({ label: `table ${table.name}`, expected: 'present', actual: table.rows === null ? 'missing' : `${table.rows} rows`, pass: table.rows !== null });
      const other = production?.[i];
      if (other) {
        const pass = agrees(table, other, args.tolerance_pct);
        if (!pass) differing += 1;
        evidence.push({ label: `rows in ${table.name}`, expected: `production: ${other.rows ?? 'missing'}${args.tolerance_pct ? ` ± ${args.tolerance_pct}%` : ''}`, actual: `${on}: ${table.rows ?? 'missing'}`, pass });
      }
      ctx.log(`${table.name}: ${table.rows ?? 'missing'} rows${other ? `, production ${other.rows ?? 'missing'}` : ''}${table.newest !== null ? `, newest ${String(table.newest)}` : ''}`);
    });
    const rows = counted.reduce((sum, t) => sum + (t.rows ?? 0), 0);
    if (!args.allow_empty) evidence.push({ label: 'rows', expected: '> 0 in the tables counted', actual: String(rows), pass: rows > 0 });
    let checksFailed = 0;
    for (const check of data?.checks ?? []) {
      const found = await runCheck(ctx, on, check);
      if (found.some((e) => !e.pass)) checksFailed += 1;
      ctx.log(`check ${check.id}: ${found.every((e) => e.pass) ? 'passed' : found.filter((e) => !e.pass).map((e) => `${e.label} expected ${e.expected}, got ${e.actual}`).join('; ')}`);
      evidence.push(...found);
    }
    return {
      outputs: {
        tables: counted.length,
        rows,
        empty_tables: counted.filter((t) => t.rows === 0).length,
        missing_tables: counted.filter((t) => t.rows === null).length,
        checks: data?.checks?.length ?? 0,
        checks_failed: checksFailed,
        ...(production ? { differing } : {}),
        newest: latestOf(counted.map((t) => t.newest)),
        counts: Object.fromEntries(counted.map((t) => [t.name, t.rows])),
        ...outputs,
      },
      evidence,
    };
  },
};

function agrees(copy: TableCount, production: TableCount, tolerancePct: number): boolean {
  if (copy.rows === null || production.rows === null) return false;
  const largest = Math.max(copy.rows, production.rows);
  return Math.abs(copy.rows - production.rows) <= (largest * tolerancePct) / 100 && (copy.rows > 0 || production.rows === 0);
}
