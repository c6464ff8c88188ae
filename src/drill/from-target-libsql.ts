import type { Client } from '@libsql/client';
import { fileUrl, localPath, requireExistingFile } from '../actions/libsql/client.js';
import { foreignKeys } from '../actions/libsql/foreign-keys.js';
import { clientQuery, type Query } from '../actions/libsql/table-info.js';
import type { Target } from '../config/schema.js';
import { quoteIdent } from '../util/sql-ident.js';
import { checksOf } from './from-target-ddl.js';
import type { SchemaModel, SchemaTable } from './schema-model.js';

/** One object of `sqlite_schema`, its DDL replayed in the drill's world. */
export interface SchemaObject {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  table: string;
  sql: string;
}

/** A libSQL target's schema: its DDL in creation order and the model the row generator reads. */
export interface LibsqlSchema {
  objects: SchemaObject[];
  model: SchemaModel;
}

/** The alias under which a local target's file is attached, read-only. */
const ATTACHED = 'target';

/**
 * Reads a libSQL target's schema without writing to it: a local file is attached read-only
 * (`mode=ro`) to an in-memory database, so not a byte of it (nor of its WAL) changes; a
 * remote database is asked through the client, with reads only. Only `sqlite_schema` and the
 * catalog pragmas are read: no row of a user table.
 */
export async function readLibsqlSchema(target: Pick<Target, 'name' | 'url' | 'auth_token'>): Promise<LibsqlSchema> {
  const { createClient } = await import('@libsql/client');
  const path = localPath(target.url);
  let client: Client;
  if (path !== null) {
    requireExistingFile(path, `the database file of target ${target.name}`);
    client = createClient({ url: ':memory:' });
    await client.execute({ sql: `ATTACH DATABASE ? AS ${ATTACHED}`, args: [`${fileUrl(path)}?mode=ro`] });
  } else {
    client = createClient({ url: target.url, ...(target.auth_token ? { authToken: target.auth_token } : {}) });
  }
  try {
    // The in-memory main database is empty, so the pragmas below find the attached tables by name.
    return await schemaOf(clientQuery(client), path !== null ? `${quoteIdent(ATTACHED)}.sqlite_schema` : 'sqlite_schema');
  } finally {
    client.close();
  }
}

async function schemaOf(query: Query, catalog: string): Promise<LibsqlSchema> {
  const rows = await query(
    `SELECT type, name, tbl_name, sql FROM ${catalog} WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\' ORDER BY rowid`,
  );
  const objects = rows.map((r) => ({ type: String(r['type']) as SchemaObject['type'], name: String(r['name']), table: String(r['tbl_name']), sql: String(r['sql']) }));
  // A virtual table makes its own shadow tables: they are neither replayed nor filled.
  const virtual = objects.filter((o) => o.type === 'table' && /^\s*create\s+virtual\s/i.test(o.sql)).map((o) => o.name);
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const replayed = objects.filter((o) => !shadow(o.name));
  const tables: SchemaTable[] = [];
  for (const o of replayed) {
    if (o.type === 'table' && !virtual.includes(o.name)) tables.push(await tableOf(query, o.name, o.sql));
  }
  return { objects: replayed, model: { tables } };
}

async function tableOf(query: Query, name: string, sql: string): Promise<SchemaTable> {
  const info = await query(`PRAGMA table_xinfo(${quoteIdent(name)})`);
  // hidden 2 and 3 are generated columns: the database computes them.
  const ordinary = info.filter((c) => Number(c['hidden'] ?? 0) === 0);
  const columns = ordinary.map((c) => ({ name: String(c['name']), type: String(c['type'] ?? ''), notNull: Number(c['notnull']) === 1, hasDefault: c['dflt_value'] !== null && c['dflt_value'] !== undefined }));
  const primaryKey = ordinary.filter((c) => Number(c['pk']) > 0).sort((a, b) => Number(a['pk']) - Number(b['pk'])).map((c) => String(c['name']));
  const unique: string[][] = [];
  for (const index of await query(`PRAGMA index_list(${quoteIdent(name)})`)) {
    if (Number(index['unique']) !== 1 || Number(index['partial']) === 1 || index['origin'] === 'pk') continue;
    const cols = (await query(`PRAGMA index_info(${quoteIdent(String(index['name']))})`)).sort((a, b) => Number(a['seqno']) - Number(b['seqno'])).map((c) => c['name']);
    // An index on an expression has no column name: the generator cannot see what it keeps unique.
    if (cols.every((c) => typeof c === 'string')) unique.push(cols as string[]);
  }
  const fks = await foreignKeys(query, name);
  return {
    name,
    columns,
    primaryKey,
    unique,
    foreignKeys: fks.map((fk) => ({ columns: fk.from, parent: fk.parent, parentColumns: fk.to, onDelete: fk.onDelete })),
    checks: checksOf(sql),
  };
}
