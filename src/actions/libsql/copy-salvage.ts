import type { Transaction } from '@libsql/client';
import { PitstopError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { isCorruptionError, num } from './client.js';
import { type CopyArgs, type CopyCounts, upsertClause, whereSql } from './copy-spec.js';

/**
 * Reads a damaged copy key by key, from `after` + 1 up to the highest key the copy is
 * known to have assigned (its `sqlite_sequence`, else its `max(key)`). A lookup that hits
 * a damaged page fails alone, so every readable row is still copied and each key that
 * could not be read is counted in `unreadable`.
 */
export async function salvageKeys(
  tx: Transaction,
  src: string,
  cols: string[],
  args: CopyArgs,
  after: number,
  counts: CopyCounts,
): Promise<void> {
  const t = quoteIdent(args.table);
  const k = quoteIdent(args.key);
  const colList = cols.map(quoteIdent).join(', ');
  const upper = await highestKnownKey(tx, src, t, k, args.table);
  if (upper === null) {
    throw new PitstopError(`the copy of ${args.table} is too damaged to tell how many rows it had`, {
      hint: 'Restore from an older snapshot or a point-in-time copy instead.',
    });
  }
  const filter = whereSql(args.where, 's');
  const insert = args.overwrite
    ? `INSERT INTO main.${t} (${colList}) SELECT ${colList} FROM ${src}.${t} s WHERE s.${k} = ?${upsertClause(cols, args.key)}`
    : `INSERT INTO main.${t} (${colList}) SELECT ${colList} FROM ${src}.${t} s WHERE s.${k} = ?`;
  for (let key = after + 1; key <= upper; key++) {
    let found: number;
    try {
      const rs = await tx.execute({ sql: `SELECT count(*) AS n FROM ${src}.${t} s WHERE s.${k} = ?${filter.sql}`, args: [key, ...filter.args] as never });
      found = num(rs.rows[0]?.['n']);
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      counts.unreadable++;
      continue;
    }
    if (found === 0) continue;
    const present = num((await tx.execute({ sql: `SELECT count(*) AS n FROM main.${t} WHERE ${k} = ?`, args: [key] })).rows[0]?.['n']) > 0;
    if (present && !args.overwrite) {
      counts.candidates++;
      counts.skipped_existing++;
      continue;
    }
    if (args.count_only) {
      counts.candidates++;
      continue;
    }
    try {
      await tx.execute({ sql: insert, args: [key] });
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      counts.unreadable++;
      continue;
    }
    counts.candidates++;
    if (present) counts.overwritten++;
    else counts.copied++;
  }
}

async function highestKnownKey(tx: Transaction, src: string, t: string, k: string, table: string): Promise<number | null> {
  let best: number | null = null;
  const probes: [string, unknown[]][] = [
    [`SELECT seq AS m FROM ${src}.sqlite_sequence WHERE name = ?`, [table]],
    [`SELECT max(${k}) AS m FROM ${src}.${t}`, []],
  ];
  for (const [sql, args] of probes) {
    try {
      const v = (await tx.execute({ sql, args: args as never })).rows[0]?.['m'];
      if (v !== null && v !== undefined) best = Math.max(best ?? 0, num(v));
    } catch {
      // no sqlite_sequence, or the rightmost pages are damaged: try the next source
    }
  }
  return best;
}
