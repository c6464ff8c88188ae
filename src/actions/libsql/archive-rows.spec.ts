import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    table: z.string().min(1),
    /** Default: `<table>_archived`, with the same columns. */
    archive_table: z.string().min(1).optional(),
    /** The date column compared with the cutoff (any format SQLite's julianday() reads). */
    column: z.string().min(1).default('fecha_creacion'),
    older_than_days: z.number().int().min(1).default(90),
    /** Count what would move, change nothing. */
    count_only: z.boolean().default(false),
  })
  .strict();
export type Args = z.infer<typeof Args>;

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
    const where = `julianday(${quoteIdent(args.column)}) < julianday('now', '-${args.older_than_days} days')`;
    if (args.count_only) return [`SELECT count(*) FROM ${t} WHERE ${where}  -- on ${target.name}`];
    return [
      `BEGIN IMMEDIATE  -- on ${target.name}`,
      `INSERT INTO ${a} (…) SELECT … FROM ${t} WHERE ${where}`,
      `DELETE FROM ${t} WHERE ${where}`,
      'COMMIT (only if both moved the same number of rows)',
    ];
  },
};
