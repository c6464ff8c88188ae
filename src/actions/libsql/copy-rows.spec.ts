import { quoteIdent } from '../../util/sql-ident.js';
import { CopyArgs } from './copy-spec.js';
import type { ActionSpec } from '../types.js';

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
export const copyRowsSpec: ActionSpec<CopyArgs> = {
  name: 'libsql.copy-rows',
  engine: 'libsql',
  summary: 'Copy rows missing in production back from a restored copy, by key, without overwriting',
  args: CopyArgs,
  destructive: true,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const t = quoteIdent(args.table);
    const k = args.key === undefined ? 'its key (primary key, else a unique NOT NULL index, else all columns as a multiset)' : quoteIdent(args.key);
    const where = args.where.map((w) => ` AND ${quoteIdent(w.column)} ${w.op} ${JSON.stringify(w.value)}`).join('');
    const from = args.from === 'restored' ? 'the restored copy' : args.from;
    const verb = args.count_only ? 'count' : args.overwrite ? 'INSERT … ON CONFLICT DO UPDATE (overwrite)' : 'INSERT (skip existing keys)';
    return [`${verb} rows of ${t} from ${from} into ${target.name} by ${k}${where ? ` where${where.slice(4)}` : ''}, batches of ${args.batch_size}`];
  },
};
