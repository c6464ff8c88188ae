import type { Client } from '@libsql/client';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';

export interface Column {
  name: string;
  type: string;
  /** Position in the primary key (1-based), 0 when not part of it. */
  pk: number;
  notnull: boolean;
}

/** Something that runs one read-only query and gives back rows (a client, a transaction, an executor). */
export type Query = (sql: string, args?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A Query over a libSQL client or transaction. */
export function clientQuery(client: Pick<Client, 'execute'>): Query {
  return async (sql, args = []) => (await client.execute({ sql, args: args as never })).rows as unknown as Record<string, unknown>[];
}

/**
 * Ordinary columns of `table` (hidden and generated columns left out), in table order.
 * `schema` selects an attached database. Throws an ActionError when the table is missing.
 */
export async function tableColumns(query: Query, table: string, schema?: string): Promise<Column[]> {
  const pragma = schema ? `PRAGMA ${quoteIdent(schema)}.table_xinfo(${quoteIdent(table)})` : `PRAGMA table_xinfo(${quoteIdent(table)})`;
  const rows = await query(pragma);
  const columns = rows
    .filter((r) => Number(r['hidden'] ?? 0) === 0)
    .map((r) => ({ name: String(r['name']), type: String(r['type'] ?? ''), pk: Number(r['pk'] ?? 0), notnull: Number(r['notnull'] ?? 0) === 1 }));
  if (columns.length === 0) {
    throw new ActionError(`table ${table} does not exist${schema ? ` in ${schema}` : ''}`, {
      hint: 'Check the table name (and that the copy was restored from the right database).',
    });
  }
  return columns;
}

/** Whether `key` is the table's INTEGER PRIMARY KEY (the rowid), so keys are assigned in order. */
export function isRowidKey(columns: Column[], key: string): boolean {
  const pks = columns.filter((c) => c.pk > 0);
  return pks.length === 1 && pks[0]!.name === key && pks[0]!.type.toUpperCase() === 'INTEGER';
}
