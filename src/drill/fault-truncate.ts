import { BugError } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';
import { cascadeChildren, faultClient } from './fault-delete.js';
import { keyColumns } from './libsql-keys.js';
import type { LibsqlWorld } from './libsql-world.js';
import { deletionAnswers, deletionPage } from './page.js';
import type { Fault, FaultFacts, Key } from './types.js';

/**
 * `truncate` on libSQL: SQLite has no TRUNCATE, so the fault is what an application's
 * "truncate" is there — `DELETE FROM t` without a WHERE, every row of the table in one
 * transaction (foreign keys on: child tables under ON DELETE CASCADE are emptied of theirs).
 */
export function libsqlTruncateFault(table: string): Fault {
  return {
    kind: 'truncate',
    page: deletionPage,
    answers: deletionAnswers(table),
    async inject(world, written) {
      const client = await faultClient(world as LibsqlWorld);
      const [key] = await keyColumns(client, table);
      if (!key) throw new BugError(`drill fault truncate: table ${table} has no primary key`);
      const children = await cascadeChildren(client, table);
      const count = (t: string) => `SELECT count(*) AS n FROM ${quoteIdent(t)}`;
      const statement = `DELETE FROM ${quoteIdent(table)}`;
      const rs = await client.batch(
        ['PRAGMA foreign_keys', ...children.map(count), `SELECT ${quoteIdent(key)} AS k FROM ${quoteIdent(table)} ORDER BY 1`, statement, ...children.map(count)],
        'write',
      );
      const at = new Date().toISOString();
      if (Number(rs[0]!.rows[0]?.[0]) !== 1) throw new BugError('drill fault truncate: foreign keys are off, the cascade would not happen');
      const before = rs.slice(1, 1 + children.length).map((r) => Number(r.rows[0]![0]));
      const keys = rs[1 + children.length]!.rows.map((row) => (typeof row[0] === 'bigint' ? Number(row[0]) : (row[0] as Key)));
      const after = rs.slice(3 + children.length).map((r) => Number(r.rows[0]![0]));
      const gone = new Set(keys.map((k) => JSON.stringify(k)));
      return {
        kind: 'truncate',
        at,
        table,
        keys,
        children: Object.fromEntries(children.map((c, i) => [c, before[i]! - after[i]!])),
        statement: `DELETE FROM ${table}`,
        writerRowsDeleted: written.filter((row) => row.table === table && gone.has(JSON.stringify(row.key))).length,
      } satisfies FaultFacts;
    },
  };
}
