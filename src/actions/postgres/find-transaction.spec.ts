import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** The table (`name` or `schema.name`). */
    table: z.string().min(1),
    /** RFC 3339 with an offset: only transactions committed at or after this count. */
    after: z.string().min(1),
    /** The table's file when it no longer exists on the server (a DROP): pg_relation_filenode on a copy from before. */
    relfilenode: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
    /** Close the current WAL segment first so the latest commits are in the archive. Default true. */
    switch_wal: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(true)),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.find-transaction`: the xid of the first DELETE, TRUNCATE or DROP of a table
 * committed after a time, read from the WAL archive with `pg_waldump` (always with `-e`:
 * without an end it stalls at the end of the archive and fails). A restore to that xid with
 * `inclusive: false` stops exactly before it, whatever the clocks said.
 */
export const findTransactionSpec: ActionSpec<Args> = {
  name: 'postgres.find-transaction',
  engine: 'postgres',
  summary: 'Find the xid of the first DELETE/TRUNCATE/DROP on a table after a time, from the WAL archive (pg_waldump)',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    return [
      ...(args.switch_wal ? ['SELECT pg_switch_wal(), and wait until that segment is archived'] : []),
      `SELECT pg_relation_filenode(${quoteIdent(args.table)})`,
      `pg_waldump -p ${target.wal_archive ?? '<wal_archive>'} -t TLI -s <start of the newest base backup before ${args.after}> -e <end of the archive>`,
    ];
  },
};
