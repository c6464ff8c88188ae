import type { Client, Transaction } from '@libsql/client';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { isCorruptionError, num } from './client.js';
import { type KeyedCopyArgs, type CopyCounts, emptyCounts, upsertClause, whereSql } from './copy-spec.js';

/**
 * Copies from a damaged copy, on a connection of its own (an error on a damaged page can
 * poison the transaction of the connection that read it, so the copy is never ATTACHed
 * here). Rows are read in batches by key; when a batch hits a damaged page, keys are read
 * one by one, since a lookup fails only for the keys on that page, until a lookup succeeds
 * again past it. Each key that cannot be read and that production lacks is counted in
 * `unreadable`, up to the highest key the copy is known to have assigned (its
 * `sqlite_sequence`, else its `max(key)`); one production has is only skipped.
 */
export async function salvageCopy(dest: Transaction, source: Client, cols: string[], args: KeyedCopyArgs): Promise<CopyCounts> {
  const counts = emptyCounts();
  const t = quoteIdent(args.table);
  const k = quoteIdent(args.key);
  const colList = cols.map(quoteIdent).join(', ');
  const filter = whereSql(args.where);
  const upper = await highestKnownKey(source, t, k, args.table);
  if (upper === null) {
    throw new ActionError(`the copy of ${args.table} is too damaged to tell how many rows it had`, {
      hint: 'Restore from an older snapshot or a point-in-time copy instead.',
    });
  }
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const write = async (rows: Record<string, unknown>[]): Promise<void> => {
    for (const row of rows) {
      const key = row[args.key];
      const present = num((await dest.execute({ sql: `SELECT count(*) AS n FROM ${t} WHERE ${k} = ?`, args: [key as never] })).rows[0]?.['n']) > 0;
      counts.candidates++;
      if (present && !args.overwrite) {
        counts.skipped_existing++;
        continue;
      }
      if (!args.count_only) {
        const sql = `INSERT INTO ${t} (${colList}) VALUES ${tuple}${args.overwrite ? upsertClause(cols, args.key) : ''}`;
        await dest.execute({ sql, args: cols.map((c) => row[c] ?? null) as never });
      }
      if (present) counts.overwritten++;
      else if (!args.count_only) counts.copied++;
    }
  };
  const select = `SELECT ${colList} FROM ${t} WHERE 1${filter.sql}`;
  let last = 0;
  let byKey = false;
  while (last < upper) {
    if (!byKey) {
      try {
        const rs = await source.execute({ sql: `${select} AND ${k} > ? ORDER BY ${k} LIMIT ?`, args: [...filter.args, last, args.batch_size] as never });
        const rows = rs.rows as unknown as Record<string, unknown>[];
        await write(rows);
        if (rows.length < args.batch_size) break;
        last = num(rows[rows.length - 1]![args.key]);
        continue;
      } catch (error) {
        if (!isCorruptionError(error)) throw error;
        byKey = true;
      }
    }
    const key = last + 1;
    try {
      const rows = (await source.execute({ sql: `${select} AND ${k} = ?`, args: [...filter.args, key] as never })).rows as unknown as Record<string, unknown>[];
      await write(rows);
      // Readable again: this key is past the damaged page, so batches may resume.
      byKey = false;
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      // A row production already has (the backup held it) is not lost, only unreadable here.
      const present = num((await dest.execute({ sql: `SELECT count(*) AS n FROM ${t} WHERE ${k} = ?`, args: [key] })).rows[0]?.['n']) > 0;
      if (present) {
        counts.candidates++;
        counts.skipped_existing++;
      } else counts.unreadable++;
    }
    last = key;
  }
  return counts;
}

async function highestKnownKey(source: Client, t: string, k: string, table: string): Promise<number | null> {
  let best: number | null = null;
  const probes: [string, unknown[]][] = [
    ['SELECT seq AS m FROM sqlite_sequence WHERE name = ?', [table]],
    [`SELECT max(${k}) AS m FROM ${t}`, []],
  ];
  for (const [sql, args] of probes) {
    try {
      const v = (await source.execute({ sql, args: args as never })).rows[0]?.['m'];
      if (v !== null && v !== undefined) best = Math.max(best ?? 0, num(v));
    } catch {
      // no sqlite_sequence, or the rightmost pages are damaged: try the next source
    }
  }
  return best;
}
