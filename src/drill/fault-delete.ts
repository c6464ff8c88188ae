import type { Client } from '@libsql/client';
import { BugError } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';
import { keyColumns, rowKey, userTables } from './libsql-keys.js';
import type { LibsqlWorld } from './libsql-world.js';
import { deletionAnswers, deletionPage } from './page.js';
import type { Fault, FaultFacts, Key, WrittenRow } from './types.js';

/** Every how many groups (owners) the bad clean-up takes one: about 15 % of the rows. */
const EVERY = 7;

/**
 * `delete`: one transaction deletes a subset of `table`, as a clean-up script run with the
 * wrong list would: the rows of every 7th owner (the table's first foreign-key column, or its
 * key when it references no table) plus
 * the owner of the application's newest row — so rows written since the backup are hit too.
 * Foreign keys are on, so child tables under ON DELETE CASCADE lose their rows with them.
 */
export function deleteFault(table: string): Fault {
  return {
    kind: 'delete',
    page: deletionPage,
    answers: deletionAnswers(table),
    async inject(world, written) {
      const client = await faultClient(world as LibsqlWorld);
      const keyCols = await keyColumns(client, table);
      const [key] = keyCols;
      if (!key) throw new BugError(`drill fault delete: table ${table} has no primary key`);
      const owner = await ownerColumn(client, table, key);
      const children = await cascadeChildren(client, table);
      const groups = await chosenGroups(client, table, keyCols, owner, written);
      const where = `${quoteIdent(owner)} IN (${groups.map(() => '?').join(', ')})`;
      const count = (t: string) => `SELECT count(*) AS n FROM ${quoteIdent(t)}`;
      const statement = `DELETE FROM ${quoteIdent(table)} WHERE ${where}`;
      const rs = await client.batch(
        [
          'PRAGMA foreign_keys',
          ...children.map(count),
          { sql: `SELECT ${keyCols.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE ${where} ORDER BY ${keyCols.map(quoteIdent).join(', ')}`, args: groups },
          { sql: statement, args: groups },
          ...children.map(count),
        ],
        'write',
      );
      const at = new Date().toISOString();
      if (Number(rs[0]!.rows[0]?.[0]) !== 1) throw new BugError('drill fault delete: foreign keys are off, the cascade would not happen');
      const before = rs.slice(1, 1 + children.length).map((r) => Number(r.rows[0]![0]));
      const keys = rs[1 + children.length]!.rows.map((row) => rowKey(row, keyCols.length));
      const after = rs.slice(3 + children.length).map((r) => Number(r.rows[0]![0]));
      const deleted = new Set(keys.map((k) => JSON.stringify(k)));
      return {
        kind: 'delete',
        at,
        table,
        keys,
        children: Object.fromEntries(children.map((c, i) => [c, before[i]! - after[i]!])),
        statement: `DELETE FROM ${table} WHERE ${owner} IN (${groups.join(', ')})`,
        writerRowsDeleted: written.filter((row) => row.table === table && deleted.has(JSON.stringify(row.key))).length,
      } satisfies FaultFacts;
    },
  };
}

/**
 * The column the subset is chosen by: the table's first foreign key (its owner) when it has
 * owners enough to choose among, else the table's key (a table that references nothing, or
 * whose references are mostly NULL).
 */
async function ownerColumn(client: Client, table: string, key: string): Promise<string> {
  const rs = await client.execute({ sql: 'SELECT "from" AS col FROM pragma_foreign_key_list(?) ORDER BY id, seq', args: [table] });
  const col = rs.rows[0]?.['col'];
  if (col === undefined || col === null) return key;
  const owners = await client.execute(`SELECT count(DISTINCT ${quoteIdent(String(col))}) AS n FROM ${quoteIdent(table)}`);
  return Number(owners.rows[0]?.['n']) >= EVERY ? String(col) : key;
}

/** Tables whose rows go with `table`'s: a foreign key to it with ON DELETE CASCADE. */
export async function cascadeChildren(client: Client, table: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of await userTables(client)) {
    const rs = await client.execute({ sql: 'SELECT "table" AS parent, on_delete FROM pragma_foreign_key_list(?)', args: [t] });
    if (rs.rows.some((r) => r['parent'] === table && String(r['on_delete']).toUpperCase() === 'CASCADE')) out.push(t);
  }
  return out;
}

async function chosenGroups(client: Client, table: string, keyCols: string[], owner: string, written: readonly WrittenRow[]): Promise<Key[]> {
  const all = await client.execute(`SELECT DISTINCT ${quoteIdent(owner)} AS g FROM ${quoteIdent(table)} ORDER BY 1`);
  const groups = all.rows.map((r) => r['g'] as Key).filter((g, i) => g !== null && i % EVERY === EVERY - 1);
  const newest = written.filter((row) => row.table === table).at(-1);
  if (newest) {
    // A composite key is written as the JSON of its values (`rowKey`).
    const values = keyCols.length === 1 ? [newest.key] : (JSON.parse(String(newest.key)) as Key[]);
    const match = keyCols.map((c) => `${quoteIdent(c)} = ?`).join(' AND ');
    const rs = await client.execute({ sql: `SELECT ${quoteIdent(owner)} AS g FROM ${quoteIdent(table)} WHERE ${match}`, args: values });
    const g = rs.rows[0]?.['g'] as Key | undefined;
    if (g !== undefined && g !== null && !groups.includes(g)) groups.push(g);
  }
  return groups;
}

/**
 * The world's connection, set up as a deleting application's would be: it waits for the
 * application's writes (busy timeout) and enforces foreign keys, so ON DELETE CASCADE happens.
 */
export async function faultClient(world: LibsqlWorld): Promise<Client> {
  const client = await world.client();
  await client.execute('PRAGMA busy_timeout = 10000');
  await client.execute('PRAGMA foreign_keys = ON');
  return client;
}
