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
 *
 * The tables that reference `table` through `ON DELETE CASCADE` (found recursively, see
 * `libsql.copy-plan`) and the `also` tables are copied back with it, parents first, each by
 * its own key and counted on its own (`copied_<table>`, `skipped_existing_<table>`,
 * `orphans_<table>`, `lost_<table>` where countable; `copied_total`, `lost_total`, `tables`);
 * `copied` and `lost` stay the named table's. A row whose parent (through any foreign key to
 * another table) production lacks is not written, even with foreign keys off: it is counted
 * in `orphans` and named in the step log.
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
    const family = [args.cascade ? 'the tables referencing it ON DELETE CASCADE (recursively)' : '', args.also.trim() !== '' ? args.also : ''].filter(Boolean).join(' and ');
    return [
      `${verb} rows of ${t} from ${from} into ${target.name} by ${k}${where ? ` where${where.slice(4)}` : ''}, batches of ${args.batch_size}`,
      ...(family ? [`then the same for ${family}, parents first, each by its own key; rows whose parent production lacks are counted, not written`] : []),
    ];
  },
};
