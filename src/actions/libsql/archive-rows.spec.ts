import { z } from 'zod';
import { ActionError } from '../../errors.js';
import { parseDuration } from '../../util/duration.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    table: z.string().min(1),
    /** Default: `<table>_archived`, with the same columns. */
    archive_table: z.string().min(1).optional(),
    /** The date column compared with the cutoff (any format SQLite's julianday() reads). */
    column: z.string().min(1),
    /** How old a row must be to move, as a duration (`90d`, `12w`); the target's `data.archive.older_than`. */
    // Checked when used, not here: in a dry run it is still a placeholder for an earlier step's output.
    older_than: z.string().min(1).optional(),
    /** The same in days, when `older_than` is not given. */
    older_than_days: z.number().int().min(1).optional(),
    /** Count what would move, change nothing. */
    count_only: z.boolean().default(false),
  })
  .strict()
  .refine((a) => a.older_than !== undefined || a.older_than_days !== undefined, { message: 'give older_than (e.g. 90d) or older_than_days' });
export type Args = z.infer<typeof Args>;

/** The cutoff as an SQLite datetime modifier (`-7776000 seconds`), from either form of the age. */
export function cutoffModifier(args: Pick<Args, 'older_than' | 'older_than_days'>): string {
  if (args.older_than !== undefined) {
    try {
      return `-${Math.floor(parseDuration(args.older_than) / 1000)} seconds`;
    } catch (error) {
      throw new ActionError(`older_than: ${(error as Error).message}`, { hint: 'Fix data.archive.older_than in pitstop.yaml (or the step), e.g. 90d.' });
    }
  }
  return `-${args.older_than_days} days`;
}

/**
 * `libsql.archive-rows`: moves rows older than N days into the archive table with INSERT
 * and DELETE in ONE write transaction, checking that both touched the same number of rows
 * before committing. A crash at any point leaves every row in exactly one of the two tables.
 */
export const archiveRowsSpec: ActionSpec<Args> = {
  name: 'libsql.archive-rows',
  engine: 'libsql',
  summary: 'Move rows older than N days to an archive table, in one transaction',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const t = quoteIdent(args.table);
    const a = quoteIdent(args.archive_table ?? `${args.table}_archived`);
    let age: string;
    try {
      age = `'${cutoffModifier(args)}'`;
    } catch {
      age = `older_than ${args.older_than}`;
    }
    const where = `julianday(${quoteIdent(args.column)}) < julianday('now', ${age})`;
    if (args.count_only) return [`SELECT count(*) FROM ${t} WHERE ${where}  -- on ${target.name}`];
    return [
      `BEGIN IMMEDIATE  -- on ${target.name}`,
      `INSERT INTO ${a} (…) SELECT … FROM ${t} WHERE ${where}`,
      `DELETE FROM ${t} WHERE ${where}`,
      'COMMIT (only if both moved the same number of rows)',
    ];
  },
};
