import type { Evidence } from '../../engine/types.js';
import { localPath, requireExistingFile } from './client.js';
import { copyAttached } from './copy-attached.js';
import { copyThroughExecutors } from './copy-executors.js';
import { CopyArgs } from './copy-spec.js';
import { describeMatch } from './match-key.js';
import type { ActionDefinition } from '../types.js';
import { copyRowsSpec } from './copy-rows.spec.js';

function summary(c: { copied: number; skipped_existing: number; overwritten: number; unreadable: number; lost_after_copy: number | null }, lost: number): string {
  const parts = [`${c.copied} copied`, `${c.skipped_existing} already present`];
  if (c.overwritten > 0) parts.push(`${c.overwritten} overwritten`);
  if (lost > 0) {
    const why = [c.unreadable > 0 ? `${c.unreadable} unreadable` : '', c.lost_after_copy ? `${c.lost_after_copy} written after the copy and deleted` : ''].filter(Boolean);
    parts.push(`${lost} NOT recoverable (${why.join(', ')})`);
  }
  return parts.join(', ');
}

/**
 * `libsql.copy-rows`: rows present in a copy (a restored snapshot, a point-in-time copy,
 * the old file after a restore) and missing in production, copied back by key, in batches,
 * never overwriting unless asked. Two local files are joined with ATTACH in one
 * transaction; anything else (a Turso copy) goes through two clients. Besides the counts,
 * it reports how many rows were written after the copy was taken and are gone
 * (`lost_after_copy`), and how many keys of a damaged copy could not be read
 * (`unreadable`); `lost` is their sum. No copy-back can recover those, and the report says
 * so with a number.
 */
export const copyRowsAction: ActionDefinition<CopyArgs> = {
  ...copyRowsSpec,
  async run(args, ctx) {
    const destPath = localPath(ctx.target.url);
    const sourcePath = args.from === 'restored' ? null : (localPath(args.from) ?? args.from);
    let result;
    if (destPath !== null && sourcePath !== null) {
      requireExistingFile(sourcePath, 'copy');
      result = await copyAttached(destPath, sourcePath, args, ctx.log);
    } else {
      const source = { name: 'restored', executor: await ctx.sql('restored') };
      const dest = { name: ctx.target.name, executor: await ctx.sql(ctx.target.name) };
      result = await copyThroughExecutors(source, dest, args, ctx.signal, ctx.log);
    }
    // Rows this copy cannot bring back are counted, logged and returned, not failed on: the
    // copy itself worked, and the runbook asks the operator to acknowledge a loss.
    if (result.lost_after_copy !== null && result.lost_after_copy > 0) {
      ctx.log(`${result.lost_after_copy} row(s) of ${args.table} cannot be recovered from this copy: of the keys ${result.source_max_key! + 1}…${result.highest_key}, handed out after it was taken, ${result.lost_after_copy} are gone`);
    }
    if (result.unreadable > 0) {
      ctx.log(`${result.unreadable} key(s) of ${args.table} could not be read from the copy (damaged pages)`);
    }
    const lost = (result.lost_after_copy ?? 0) + result.unreadable;
    const { columns: _columns, key, strategy, key_columns, ...counts } = result;
    const matched = describeMatch({ strategy, columns: key_columns });
    ctx.log(`${args.table}: ${counts.candidates} candidate(s), ${counts.copied} copied, ${counts.skipped_existing} already present`);
    const evidence: Evidence[] = args.count_only
      ? []
      : [{ label: `rows of ${args.table} copied back`, expected: 'every row missing from production', actual: `${summary(counts, lost)}; ${matched}`, pass: true }];
    return { outputs: { table: args.table, key, strategy, key_columns, count_only: args.count_only, lost, ...counts }, evidence };
  },
};
