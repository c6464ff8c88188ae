import type pg from 'pg';
import { BugError } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';

/** The catalog facts a PostgreSQL fault needs about the table it breaks. */
export interface PgFaultTable {
  /** Its single primary-key column. */
  key: string;
  /** Its first foreign-key column (the rows' owner), by which a subset is chosen; its key when it has none. */
  owner: string;
  /** Tables whose rows go with its rows: a foreign key to it with ON DELETE CASCADE. */
  children: string[];
}

/** Reads them; a table the faults cannot work on (no single-column key) is a bug in the world. */
export async function pgFaultTable(client: pg.Client, table: string): Promise<PgFaultTable> {
  const rel = quoteIdent(table);
  const key = await client.query<{ col: string }>(
    `SELECT a.attname::text AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary`,
    [rel],
  );
  if (key.rows.length !== 1) throw new BugError(`drill fault: table ${table} has no single-column primary key`);
  const owner = await client.query<{ col: string }>(
    `SELECT a.attname::text AS col FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.conrelid = $1::regclass AND c.contype = 'f' ORDER BY a.attnum LIMIT 1`,
    [rel],
  );
  const children = await client.query<{ child: string }>(
    `SELECT DISTINCT conrelid::regclass::text AS child FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass AND confdeltype = 'c' ORDER BY 1`,
    [rel],
  );
  // A table that references nothing (a --from-target schema's parent table) is chosen from by its key.
  return { key: key.rows[0]!.col, owner: owner.rows[0]?.col ?? key.rows[0]!.col, children: children.rows.map((r) => r.child) };
}

/** Rows per table, read inside the caller's transaction. */
export async function pgCounts(client: pg.Client, tables: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const t of tables) out.push(Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(t)}`)).rows[0]!.n));
  return out;
}
