import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import { pgBinDir } from '../../postgres/pg-bin.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import { utcForPostgres } from './recovery-target.js';
import { switchAndWaitArchived, walArchiveDir } from './wal-archive.js';
import { scanRange, waldump } from './waldump-range.js';
import { parseSegment, segmentFromNumber } from './wal-segments.js';
import { WalScan } from './waldump-scan.js';
import { fetchWalFromPgbackrest } from './pgbackrest-wal.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, findTransactionSpec } from './find-transaction.spec.js';

/**
 * `postgres.find-transaction`: the xid of the first DELETE, TRUNCATE or DROP of a table
 * committed after a time, read from the WAL archive with `pg_waldump` (always with `-e`:
 * without an end it stalls at the end of the archive and fails). A restore to that xid with
 * `inclusive: false` stops exactly before it, whatever the clocks said.
 */
export const findTransactionAction: ActionDefinition<Args> = {
  ...findTransactionSpec,
  async run(args, ctx) {
    const after = utcForPostgres(args.after).utc;
    // A plain archive when the target has one (it also throws the "no wal_archive" error when
    // there is no pgBackRest stanza either), else WAL fetched from pgBackRest.
    const plain = ctx.target.wal_archive || !ctx.target.pgbackrest ? walArchiveDir(ctx.target) : null;
    const switched = args.switch_wal ? await switchAndWaitArchived(ctx, plain) : null;
    const [facts] = await queryRows(ctx, ctx.target.name,
      `SELECT pg_relation_filenode(to_regclass($1))::text AS node, (SELECT oid::text FROM pg_database WHERE datname = current_database()) AS db,
              (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') AS seg, pg_walfile_name(pg_current_wal_lsn()) AS current`,
      [quoteIdent(args.table)]);
    const node = args.relfilenode !== undefined ? String(args.relfilenode) : (facts!['node'] as string | null);
    if (!node) {
      throw new ActionError(`table ${args.table} does not exist on ${ctx.target.name} (dropped?)`, {
        hint: 'Give relfilenode: the value of pg_relation_filenode on a copy restored from before the DROP.',
      });
    }
    const segSize = Number(facts!['seg']);
    const tli = parseSegment(String(facts!['current']), segSize).tli;
    // Without a plain archive the WAL comes out of pgBackRest, up to the last closed segment.
    const lastClosed = switched ?? segmentFromNumber(tli, parseSegment(String(facts!['current']), segSize).seg - 1n, segSize);
    const fetched = plain ? null : await fetchWalFromPgbackrest(ctx, after, lastClosed, segSize);
    const archive = plain ?? fetched!.dir;
    const scan = new WalScan(String(facts!['db']), after);
    let range: { start: string; end: string };
    try {
      range = scanRange(ctx, archive, tli, segSize, after, plain !== null);
      ctx.log(`pg_waldump over ${range.start}…${range.end} (timeline ${tli}) for relfilenode ${node} in database ${String(facts!['db'])}`);
      await waldump(ctx, [join(pgBinDir(), 'pg_waldump'), '-p', archive, '-t', String(tli), '-s', range.start, '-e', range.end], scan);
    } finally {
      await fetched?.cleanup();
    }
    const found = scan.find(node);
    if (!found) {
      throw new ActionError(`no DELETE, TRUNCATE or DROP of ${args.table} committed after ${after.toISOString()} in the WAL archive (${range.start}…${range.end}, ${scan.records} records)`, {
        hint: 'Check the table name and the time (with its offset), and that the WAL up to now was archived.',
      });
    }
    ctx.log(`${found.operation} of ${args.table} by transaction ${found.xid}, committed ${found.commitTime} at ${found.commitLsn}${found.rowsDeleted ? ` (${found.rowsDeleted} row(s))` : ''}`);
    return {
      outputs: {
        xid: found.xid,
        operation: found.operation,
        commit_time: found.commitTime,
        lsn: found.commitLsn,
        first_lsn: found.firstLsn,
        rows_deleted: found.rowsDeleted,
        relfilenode: node,
        scanned_from: range.start,
        scanned_to: range.end,
      },
      evidence: [{ label: `transaction that changed ${args.table} after ${args.after}`, expected: 'found in the WAL archive', actual: `${found.operation} by xid ${found.xid} at ${found.commitTime}`, pass: true }],
    };
  },
};
