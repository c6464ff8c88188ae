import type pg from 'pg';
import { quoteIdent } from '../util/sql-ident.js';
import { asKey, byKey, inFaultTransaction, writerRowsIn } from './fault-delete-pg.js';
import { deletionAnswers, deletionPage } from './page.js';
import { pgCounts, pgFaultTable } from './pg-fault-tables.js';
import type { PgWorld } from './pg-world.js';
import type { Fault, FaultFacts } from './types.js';

/**
 * `truncate` on PostgreSQL: `TRUNCATE t CASCADE` in one transaction — every row of the table
 * and of every table with a foreign key to it (recursively), whatever their ON DELETE. The
 * runbook finds a TRUNCATE in the WAL as it finds a DELETE (`operation: TRUNCATE`).
 */
export function pgTruncateFault(table: string): Fault {
  return {
    kind: 'truncate',
    page: deletionPage,
    answers: deletionAnswers(),
    inject: (world, written) =>
      inFaultTransaction(world as PgWorld, async (client, at) => {
        const { key } = await pgFaultTable(client, table);
        const children = await referencing(client, table);
        // The lock first: no insert of the application may land between the keys read and the TRUNCATE.
        await client.query(`LOCK TABLE ${quoteIdent(table)} IN ACCESS EXCLUSIVE MODE`);
        const counts = await pgCounts(client, children);
        const rows = await client.query<{ k: unknown }>(`SELECT ${quoteIdent(key)} AS k FROM ${quoteIdent(table)}`);
        await client.query(`TRUNCATE ${quoteIdent(table)} CASCADE`);
        const keys = rows.rows.map((r) => asKey(r.k)).sort(byKey);
        return {
          kind: 'truncate',
          at: at.toISOString(),
          table,
          keys,
          children: Object.fromEntries(children.map((c, i) => [c, counts[i]!])),
          statement: `TRUNCATE ${table} CASCADE`,
          writerRowsDeleted: writerRowsIn(written, table, keys),
        } satisfies FaultFacts;
      }),
  };
}

/** Every table TRUNCATE … CASCADE empties with `table`: foreign keys to it, followed down. */
async function referencing(client: pg.Client, table: string): Promise<string[]> {
  const rs = await client.query<{ child: string }>(
    `WITH RECURSIVE refs(rel) AS (
       SELECT conrelid FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass AND conrelid <> confrelid
       UNION
       SELECT c.conrelid FROM pg_constraint c JOIN refs ON c.confrelid = refs.rel WHERE c.contype = 'f' AND c.conrelid <> c.confrelid
     ) SELECT rel::regclass::text AS child FROM refs ORDER BY 1`,
    [quoteIdent(table)],
  );
  return rs.rows.map((r) => r.child);
}
