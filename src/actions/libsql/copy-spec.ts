import { z } from 'zod';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
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
  })
  .strict();
export type CopyArgs = z.infer<typeof CopyArgs>;
/** Copy arguments once the key is known. */
export type KeyedCopyArgs = CopyArgs & { key: string };

/** The key rows are matched by: the step's, else the table's single-column primary key. */
export function keyOf(dest: Column[], args: CopyArgs): KeyedCopyArgs {
  if (args.key !== undefined) return { ...args, key: args.key };
  const pks = dest.filter((c) => c.pk > 0);
  if (pks.length !== 1) {
    throw new ActionError(`${args.table} has ${pks.length === 0 ? 'no primary key' : 'a primary key of several columns'} to match rows by`, {
      hint: 'Pass key: with a column whose values are unique in the table.',
    });
  }
  return { ...args, key: pks[0]!.name };
}

/** What a copy did, row by row. */
export interface CopyCounts {
  candidates: number;
  copied: number;
  skipped_existing: number;
  overwritten: number;
  /** Keys of the copy that could not be read (damaged pages); only when reading had to go key by key. */
  unreadable: number;
}

export function emptyCounts(): CopyCounts {
  return { candidates: 0, copied: 0, skipped_existing: 0, overwritten: 0, unreadable: 0 };
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
 * destination's order. The key must be among them.
 */
export function sharedColumns(dest: Column[], source: Column[], key: string, table: string): string[] {
  const inSource = new Set(source.map((c) => c.name));
  const cols = dest.map((c) => c.name).filter((n) => inSource.has(n));
  if (!cols.includes(key)) {
    throw new ActionError(`key column ${key} is not in ${table} on both sides`, {
      hint: `Pass key: with the table's primary key column.`,
    });
  }
  return cols;
}

/** `ON CONFLICT(key) DO UPDATE SET c = excluded.c, …` for an overwriting copy. */
export function upsertClause(cols: string[], key: string): string {
  const sets = cols.filter((c) => c !== key).map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
  return sets.length === 0 ? ` ON CONFLICT(${quoteIdent(key)}) DO NOTHING` : ` ON CONFLICT(${quoteIdent(key)}) DO UPDATE SET ${sets.join(', ')}`;
}
