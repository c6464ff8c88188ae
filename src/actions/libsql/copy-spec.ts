import { z } from 'zod';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { RowMatch } from './match-key.js';
import type { Column } from './table-info.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `libsql.copy-rows` arguments. */
export const CopyArgs = z
  .object({
    table: z.string().min(1),
    /** The key that says whether a row is already there (a unique column); default: the table's primary key. */
    key: z.string().min(1).optional(),
    /** `restored` (the copy made by an earlier restore step) or a local file path / `file:` URL. */
    from: z.string().min(1).default('restored'),
    /** Only rows matching every condition (values are bound, never interpolated). */
    where: z
      .array(z.object({ column: z.string().min(1), op: z.enum(['=', '!=', '<', '<=', '>', '>=']), value: scalar }).strict())
      .default([]),
    batch_size: z.number().int().min(1).max(500).default(500),
    /** Replace rows that exist in both (by key) with the copy's version. Default: keep production's. */
    overwrite: z.boolean().default(false),
    /** Count candidates and rows already present; write nothing. */
    count_only: z.boolean().default(false),
    /** Also copy back the tables that reference `table` through ON DELETE CASCADE, recursively, after it. */
    cascade: z.boolean().default(true),
    /** More tables to copy back with it, comma-separated, each by its own key ("" for none). */
    also: z.string().default(''),
  })
  .strict();
export type CopyArgs = z.infer<typeof CopyArgs>;
/** Copy arguments once the key is known. */
export type KeyedCopyArgs = CopyArgs & { key: string };

/** A table without a key has no row to overwrite: `overwrite` is refused with what to do instead. */
export function refuseKeylessOverwrite(match: RowMatch, args: CopyArgs): void {
  if (match.strategy === 'no-key' && args.overwrite) {
    throw new ActionError(`${args.table} has no key, so there is no row to overwrite: rows are matched on all their columns`, {
      hint: 'Leave overwrite off (missing rows are copied back as a multiset), or pass key: with a unique column.',
    });
  }
}

/** What a copy did, row by row. */
export interface CopyCounts {
  candidates: number;
  copied: number;
  skipped_existing: number;
  overwritten: number;
  /** Keys of the copy that could not be read (damaged pages); only when reading had to go key by key. */
  unreadable: number;
  /** Rows missing in production not copied back because a parent row they reference is missing there too. */
  orphans: number;
}

export function emptyCounts(): CopyCounts {
  return { candidates: 0, copied: 0, skipped_existing: 0, overwritten: 0, unreadable: 0, orphans: 0 };
}

/** The filter as SQL (`AND "col" op ?` …) and its bound values; `alias` prefixes the columns. */
export function whereSql(where: CopyArgs['where'], alias?: string): { sql: string; args: unknown[] } {
  const prefix = alias ? `${alias}.` : '';
  return {
    sql: where.map((w) => ` AND ${prefix}${quoteIdent(w.column)} ${w.op} ?`).join(''),
    args: where.map((w) => w.value),
  };
}

/**
 * The columns copied: those of the destination table that the copy also has, in the
 * destination's order. The key columns must be among them.
 */
export function sharedColumns(dest: Column[], source: Column[], keys: string | string[], table: string): string[] {
  const inSource = new Set(source.map((c) => c.name));
  const cols = dest.map((c) => c.name).filter((n) => inSource.has(n));
  for (const key of typeof keys === 'string' ? [keys] : keys) {
    if (!cols.includes(key)) {
      throw new ActionError(`key column ${key} is not in ${table} on both sides`, {
        hint: `Pass key: with the table's primary key column.`,
      });
    }
  }
  return cols;
}

/** `ON CONFLICT(key, …) DO UPDATE SET c = excluded.c, …` for an overwriting copy. */
export function upsertClause(cols: string[], keys: string | string[]): string {
  const keyList = typeof keys === 'string' ? [keys] : keys;
  const target = keyList.map(quoteIdent).join(', ');
  const sets = cols.filter((c) => !keyList.includes(c)).map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
  return sets.length === 0 ? ` ON CONFLICT(${target}) DO NOTHING` : ` ON CONFLICT(${target}) DO UPDATE SET ${sets.join(', ')}`;
}
