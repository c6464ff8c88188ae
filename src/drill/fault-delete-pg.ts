import type pg from 'pg';
import { quoteIdent } from '../util/sql-ident.js';
import { deletionAnswers, deletionPage } from './page.js';
import { pgCounts, pgFaultTable } from './pg-fault-tables.js';
import type { PgWorld } from './pg-world.js';
import type { Fault, FaultFacts, Key, WrittenRow } from './types.js';

/** Every how many owners the bad clean-up takes one: about 15 % of the rows. */
const EVERY = 7;

/**
 * `delete` on PostgreSQL: one transaction deletes the rows of every 7th owner of `table`
 * (its first foreign-key column) plus the owner of the application's newest row — so rows
 * written since the backup are hit too; child tables under ON DELETE CASCADE lose theirs.
 * The fault's time is the transaction's start as the server saw it, before its commit: the
 * runbook looks for the first deletion committed after the time it is given.
 */
export function pgDeleteFault(table: string): Fault {
  return {
    kind: 'delete',
    page: deletionPage,
    answers: deletionAnswers(),
    inject: (world, written) =>
      inFaultTransaction(world as PgWorld, async (client, at) => {
        const { key, owner, children } = await pgFaultTable(client, table);
        const groups = await chosenGroups(client, table, key, owner, written);
        const where = `${quoteIdent(owner)} = ANY($1)`;
        const before = await pgCounts(client, children);
        const deleted = await client.query<{ k: unknown }>({ text: `DELETE FROM ${quoteIdent(table)} WHERE ${where} RETURNING ${quoteIdent(key)} AS k`, values: [groups] });
        const after = await pgCounts(client, children);
        const keys = deleted.rows.map((r) => asKey(r.k)).sort(byKey);
        return {
          kind: 'delete',
          at: at.toISOString(),
          table,
          keys,
          children: Object.fromEntries(children.map((c, i) => [c, before[i]! - after[i]!])),
          statement: `DELETE FROM ${table} WHERE ${owner} IN (${groups.join(', ')})`,
          writerRowsDeleted: writerRowsIn(written, table, keys),
        } satisfies FaultFacts;
      }),
  };
}

/**
 * Runs a fault's statements in one transaction on a new connection to the world, committed
 * when `work` returns and rolled back when it throws. `at` is the transaction's start as the
 * server saw it: the runbook looks for the first deletion committed after the time it is given.
 */
export async function inFaultTransaction(world: PgWorld, work: (client: pg.Client, at: Date) => Promise<FaultFacts>): Promise<FaultFacts> {
  const client = await world.connect();
  try {
    await client.query('BEGIN');
    const at = (await client.query<{ at: Date }>('SELECT now() AS at')).rows[0]!.at;
    const facts = await work(client, at);
    await client.query('COMMIT');
    return facts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Integer keys as numbers (as the writer and the key snapshots report them). */
export function asKey(value: unknown): Key {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  return String(value);
}

/** Key order: numbers by value, anything else by its text. */
export function byKey(a: Key, b: Key): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

/** Rows the application wrote that the fault removed. */
export function writerRowsIn(written: readonly WrittenRow[], table: string, keys: readonly Key[]): number {
  const gone = new Set(keys.map((k) => JSON.stringify(k)));
  return written.filter((row) => row.table === table && gone.has(JSON.stringify(row.key))).length;
}

async function chosenGroups(client: pg.Client, table: string, key: string, owner: string, written: readonly WrittenRow[]): Promise<Key[]> {
  const all = await client.query<{ g: unknown }>(`SELECT DISTINCT ${quoteIdent(owner)} AS g FROM ${quoteIdent(table)} ORDER BY 1`);
  const groups = all.rows.map((r) => asKey(r.g)).filter((_, i) => i % EVERY === EVERY - 1);
  const newest = written.filter((row) => row.table === table).at(-1);
  if (newest) {
    const rs = await client.query<{ g: unknown }>(`SELECT ${quoteIdent(owner)} AS g FROM ${quoteIdent(table)} WHERE ${quoteIdent(key)} = $1`, [newest.key]);
    const g = rs.rows[0] ? asKey(rs.rows[0].g) : undefined;
    if (g !== undefined && !groups.includes(g)) groups.push(g);
  }
  return groups;
}
