import { quoteIdent } from '../../util/sql-ident.js';
import { num } from './client.js';
import type { Query } from './table-info.js';

/**
 * Rows that no copy can bring back, counted from the keys: with an INTEGER PRIMARY KEY,
 * keys are handed out in increasing order, so every key above the copy's newest one that
 * production has assigned (its `max(key)`, or `sqlite_sequence` for AUTOINCREMENT tables,
 * which also remembers deleted tail rows) and no longer holds is a row written after the
 * copy was taken and deleted since.
 */
export interface Loss {
  /** The copy's newest key, or null when it cannot be read or the key is not the rowid. */
  source_max_key: number | null;
  /** The highest key production has assigned. */
  highest_key: number | null;
  /** Keys in (source_max_key, highest_key] missing from production after the copy; null when not countable. */
  lost_after_copy: number | null;
}

/** `srcPrefix` is `schema.` for an attached copy, '' when `source` is its own connection. */
export async function lossAfterCopy(
  dest: Query,
  table: string,
  key: string,
  rowidKey: boolean,
  srcPrefix: string,
  source: Query = dest,
): Promise<Loss> {
  const none: Loss = { source_max_key: null, highest_key: null, lost_after_copy: null };
  if (!rowidKey) return none;
  const t = quoteIdent(table);
  const k = quoteIdent(key);
  const destPrefix = srcPrefix === '' ? '' : 'main.';
  let sourceMax: number;
  try {
    sourceMax = num((await source(`SELECT max(${k}) AS m FROM ${srcPrefix}${t}`))[0]?.['m']);
  } catch {
    return none;
  }
  let highest = num((await dest(`SELECT max(${k}) AS m FROM ${destPrefix}${t}`))[0]?.['m']);
  try {
    const seq = (await dest(`SELECT seq FROM ${destPrefix}sqlite_sequence WHERE name = ?`, [table]))[0]?.['seq'];
    if (seq !== undefined && seq !== null) highest = Math.max(highest, num(seq));
  } catch {
    // not an AUTOINCREMENT database: max(key) is the best evidence there is
  }
  if (highest <= sourceMax) return { source_max_key: sourceMax, highest_key: highest, lost_after_copy: 0 };
  const present = num(
    (await dest(`SELECT count(*) AS n FROM ${destPrefix}${t} WHERE ${k} > ? AND ${k} <= ?`, [sourceMax, highest]))[0]?.['n'],
  );
  return { source_max_key: sourceMax, highest_key: highest, lost_after_copy: highest - sourceMax - present };
}
