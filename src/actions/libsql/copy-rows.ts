import type { Evidence, Outputs } from '../../engine/types.js';
import { localPath, openTarget, requireExistingFile, withClient } from './client.js';
import { copyAttached } from './copy-attached.js';
import { type CopyOutcome, copyThroughExecutors } from './copy-executors.js';
import { CopyArgs } from './copy-spec.js';
import { describePlan, planFamily, tableList, type TablePlan } from './family.js';
import { describeMatch } from './match-key.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { copyRowsSpec } from './copy-rows.spec.js';
import { clientQuery } from './table-info.js';

/**
 * The counts of one table as a sum that adds up: every row the copy offered is copied, already
 * in production (or overwritten), or not copied with the reason; anything left over is named
 * as such rather than silently missing. Rows the copy cannot provide come after, apart.
 */
export function copySummary(c: CopyOutcome, lost: number): string {
  const parts = [`${c.copied} copied`, `${c.skipped_existing} already in production`];
  if (c.overwritten > 0) parts.push(`${c.overwritten} overwritten`);
  if (c.orphans > 0) parts.push(`${c.orphans} NOT copied (parent row missing in production)`);
  const rest = c.candidates - c.copied - c.skipped_existing - c.overwritten - c.orphans;
  if (rest !== 0) parts.push(`${rest} not accounted for (see the step log)`);
  const sum = `${c.candidates} ${c.candidates === 1 ? 'row' : 'rows'} in the copy = ${parts.join(' + ')}`;
  if (lost === 0) return sum;
  const why = [c.unreadable > 0 ? `${c.unreadable} unreadable` : '', c.lost_after_copy ? `${c.lost_after_copy} written after the copy and deleted` : ''].filter(Boolean);
  return `${sum}; besides, ${lost} NOT recoverable (${why.join(', ')})`;
}

/** Copies one table of the family, by the path its copy allows (ATTACH, or two connections). */
type CopyOne = (args: CopyArgs) => Promise<CopyOutcome>;

async function copier(args: CopyArgs, ctx: ActionContext): Promise<CopyOne> {
  const destPath = localPath(ctx.target.url);
  const sourcePath = args.from === 'restored' ? null : (localPath(args.from) ?? args.from);
  if (destPath !== null && sourcePath !== null) {
    requireExistingFile(sourcePath, 'copy');
    return (one) => copyAttached(destPath, sourcePath, one, ctx.log);
  }
  const source = { name: 'restored', executor: await ctx.sql('restored') };
  const dest = { name: ctx.target.name, executor: await ctx.sql(ctx.target.name) };
  return (one) => copyThroughExecutors(source, dest, one, ctx.signal, ctx.log);
}

/** The arguments for one table of the family: the step's filter and key apply to the named table only. */
function argsFor(args: CopyArgs, plan: TablePlan): CopyArgs {
  if (plan.role === 'named') return args;
  const { key: _key, ...rest } = args;
  return { ...rest, table: plan.table, where: [] };
}

/** `libsql.copy-rows`: see `copyRowsSpec`. */
export const copyRowsAction: ActionDefinition<CopyArgs> = {
  ...copyRowsSpec,
  async run(args, ctx) {
    const family = await withClient(openTarget(ctx.target), (client) =>
      planFamily(clientQuery(client), { table: args.table, also: tableList(args.also), cascade: args.cascade, ...(args.key ? { key: args.key } : {}) }),
    );
    if (family.tables.length > 1) for (const line of describePlan(family)) ctx.log(line);
    const copyOne = await copier(args, ctx);
    const outputs: Outputs = {};
    const evidence: Evidence[] = [];
    const totals = { copied_total: 0, orphans: 0, lost_total: 0 };
    for (const plan of family.tables) {
      const result = await copyOne(argsFor(args, plan));
      const t = plan.table;
      // Rows this copy cannot bring back are counted, logged and returned, not failed on: the
      // copy itself worked, and the runbook asks the operator to acknowledge a loss.
      if (result.lost_after_copy !== null && result.lost_after_copy > 0) {
        ctx.log(`${result.lost_after_copy} row(s) of ${t} cannot be recovered from this copy: of the keys ${result.source_max_key! + 1}…${result.highest_key}, handed out after it was taken, ${result.lost_after_copy} are gone`);
      }
      if (result.unreadable > 0) ctx.log(`${result.unreadable} key(s) of ${t} could not be read from the copy (damaged pages)`);
      if (result.orphans > 0) ctx.log(`${result.orphans} row(s) of ${t} NOT copied back: a parent row they reference is missing in production (copy it back first, e.g. with also:)`);
      const lost = (result.lost_after_copy ?? 0) + result.unreadable;
      const { columns: _columns, key, strategy, key_columns, ...counts } = result;
      ctx.log(`${t}: ${copySummary(result, lost)}`);
      if (plan.role === 'named') Object.assign(outputs, { table: t, key, strategy, key_columns, count_only: args.count_only, lost, ...counts });
      Object.assign(outputs, { [`copied_${t}`]: counts.copied, [`skipped_existing_${t}`]: counts.skipped_existing, [`orphans_${t}`]: counts.orphans });
      if (result.lost_after_copy !== null || result.unreadable > 0) outputs[`lost_${t}`] = lost;
      totals.copied_total += counts.copied;
      totals.orphans += counts.orphans;
      totals.lost_total += lost;
      if (!args.count_only) {
        const why = plan.role === 'cascade' ? ' (ON DELETE CASCADE)' : plan.role === 'also' ? ' (also)' : '';
        evidence.push({ label: `rows of ${t}${why} copied back`, expected: 'every row missing from production', actual: `${copySummary(result, lost)}; ${describeMatch({ strategy, columns: key_columns })}`, pass: true });
      }
    }
    Object.assign(outputs, totals, { tables: family.tables.map((p) => p.table).join(',') });
    return { outputs, evidence };
  },
};
