import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { quoteIdent } from '../../util/sql-ident.js';
import { errorText, isCorruptionError, openLocal, withClient } from './client.js';
import { utcStamp } from '../common/utc.js';

export interface ReindexResult {
  name: string;
  /** `reindex`: REINDEX did it. `rebuild`: the damaged tree could not be freed, see below. */
  method: 'reindex' | 'rebuild';
  /** A raw copy of the file taken before a rebuild touched the schema. */
  backup?: string;
}

/**
 * REINDEX `name` (an index, a table, or everything when null). REINDEX first frees the old
 * b-tree, and a page too damaged to parse makes that fail with SQLITE_CORRUPT. For a local
 * file and a named index, the index is then rebuilt another way: a raw copy of the file is
 * kept, the index entry is removed from the schema without freeing its pages
 * (`writable_schema`), the index is created again from the table, and VACUUM drops the
 * orphaned pages.
 */
export async function reindex(
  client: Client,
  name: string | null,
  local: { path: string } | null,
  log: (line: string) => void,
): Promise<{ client: Client; result: ReindexResult }> {
  const label = name ?? '(all indexes)';
  try {
    await client.execute(name === null ? 'REINDEX' : `REINDEX ${quoteIdent(name)}`);
    return { client, result: { name: label, method: 'reindex' } };
  } catch (error) {
    if (!isCorruptionError(error) || name === null || local === null) throw error;
    log(`REINDEX ${name} failed (${errorText(error)}); rebuilding the index from its table`);
  }
  const rs = await client.execute({ sql: "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", args: [name] });
  const createSql = rs.rows[0]?.['sql'];
  if (typeof createSql !== 'string') {
    throw new Error(`${name} is not an index with a CREATE statement (automatic indexes of UNIQUE/PRIMARY KEY cannot be rebuilt this way)`);
  }
  client.close();
  const backup = `${local.path}.before-rebuild-${utcStamp(new Date())}`;
  await copyFile(local.path, backup);
  if (existsSync(`${local.path}-wal`)) await copyFile(`${local.path}-wal`, `${backup}-wal`);
  log(`raw copy of the damaged file kept as ${backup}`);

  await withClient(openLocal(local.path), async (c) => {
    await c.execute('PRAGMA writable_schema = ON');
    await c.execute({ sql: "DELETE FROM sqlite_schema WHERE type = 'index' AND name = ?", args: [name] });
    await c.execute('PRAGMA writable_schema = OFF');
  });
  // A new connection reads the edited schema.
  const fresh = await openLocal(local.path);
  await fresh.execute(createSql);
  await fresh.execute('VACUUM');
  return { client: fresh, result: { name, method: 'rebuild', backup } };
}
