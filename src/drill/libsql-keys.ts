import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';
import { quoteIdent } from '../util/sql-ident.js';
import type { Key, KeySnapshot, TableFingerprint } from './types.js';

/** The user tables of a libSQL database, in name order. */
export async function userTables(client: Client): Promise<string[]> {
  const rs = await client.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return rs.rows.map((row) => String(row['name']));
}

/** The primary-key columns of a table, in key order (none: the rowid stands for the key). */
export async function keyColumns(client: Client, table: string): Promise<string[]> {
  const rs = await client.execute({ sql: 'SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', args: [table] });
  return rs.rows.map((row) => String(row['name']));
}

/** Every key of every user table, in key order: one column's value, or the JSON of several. */
export async function readKeys(client: Client): Promise<KeySnapshot> {
  const out: KeySnapshot = {};
  for (const table of await userTables(client)) {
    const columns = await keyColumns(client, table);
    const cols = columns.length > 0 ? columns.map(quoteIdent) : ['rowid'];
    const rs = await client.execute(`SELECT ${cols.join(', ')} FROM ${quoteIdent(table)} ORDER BY ${cols.join(', ')}`);
    out[table] = rs.rows.map((row) => rowKey(row, cols.length));
  }
  return out;
}

/** A key as the fingerprint writes it, from the first `columns` values of `row`: one column's value, or the JSON of several. */
export function rowKey(row: ArrayLike<unknown>, columns: number): Key {
  return columns === 1 ? plain(row[0]) : JSON.stringify(Array.from({ length: columns }, (_, i) => plain(row[i])));
}

function plain(value: unknown): Key {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

/** Per table: row count and the SHA-256 of its keys in key order. */
export function fingerprintOf(keys: KeySnapshot): Record<string, TableFingerprint> {
  return Object.fromEntries(
    Object.entries(keys).map(([table, list]) => [table, { rows: list.length, hash: createHash('sha256').update(list.map((k) => JSON.stringify(k)).join('\n')).digest('hex') }]),
  );
}
