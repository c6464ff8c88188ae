import { join } from 'node:path';
import pg from 'pg';
import type { Cluster } from '../postgres/cluster.js';
import { BugError } from '../errors.js';
import { overwritePage } from './fault-page.js';

/** The server a PostgreSQL fault breaks: the cluster, and the URL of the database that holds the data. */
export interface PgServer {
  cluster: Cluster;
  url: string;
}

/** Which page of a relation was overwritten, and what was on it. */
export interface PgPageDamage {
  /** The table, or its primary key's index. */
  relation: string;
  /** The relation's file (its first segment), absolute. */
  file: string;
  block: number;
  blockSize: number;
  /** Heap: the rows stored on the block. Index: 0, its table's rows are all intact. */
  rows: number;
}

/**
 * `heap-page` / `index-page`: one block in the middle of a table (or of its primary key's
 * B-tree) overwritten with random bytes, as a failing disk would. The server is stopped
 * cleanly first (a shutdown checkpoint: no WAL replay at the next start would rewrite the
 * page, no shared buffer holds it) and started again after, so the next read of the block
 * fails its checksum ("invalid page in block N"). `table` is `name` or `schema.name`.
 */
export async function damagePgPage(server: PgServer, table: string, kind: 'heap' | 'index'): Promise<PgPageDamage> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  let chosen: Omit<PgPageDamage, 'file'> & { path: string };
  try {
    const checksums = (await client.query<{ data_checksums: string }>('SHOW data_checksums')).rows[0]!.data_checksums;
    if (checksums !== 'on') throw new BugError('drill fault: the world cluster has no data checksums, a damaged page would go unnoticed');
    chosen = await (kind === 'heap' ? middleHeapBlock(client, table) : middleIndexBlock(client, table));
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
  await server.cluster.stop();
  const file = join(server.cluster.dataDir, chosen.path);
  overwritePage(file, chosen.block + 1, chosen.blockSize);
  await server.cluster.start();
  const { path: _path, ...damage } = chosen;
  return { ...damage, file };
}

type Chosen = Omit<PgPageDamage, 'file'> & { path: string };

async function middleHeapBlock(client: pg.Client, table: string): Promise<Chosen> {
  const info = await relationInfo(client, table);
  if (info.blocks < 5) throw new BugError(`drill fault heap-page: table ${table} has ${info.blocks} blocks, too few to damage one in the middle`);
  const block = middleOf(info, table);
  // A TID range scan reads that block only: how many rows the damage takes with it.
  const rs = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${info.name} WHERE ctid >= $1::tid AND ctid < $2::tid`, [`(${block},0)`, `(${block + 1},0)`]);
  return { relation: table, path: info.path, block, blockSize: info.blockSize, rows: Number(rs.rows[0]!.n) };
}

async function middleIndexBlock(client: pg.Client, table: string): Promise<Chosen> {
  const rs = await client.query<{ index: string }>('SELECT indexrelid::regclass::text AS index FROM pg_index WHERE indrelid = $1::regclass AND indisprimary', [table]);
  const index = rs.rows[0]?.index;
  if (!index) throw new BugError(`drill fault index-page: table ${table} has no primary key index`);
  const info = await relationInfo(client, index);
  // Block 0 is the B-tree's metapage; the middle of the rest is a leaf in any index big enough.
  if (info.blocks < 5) throw new BugError(`drill fault index-page: index ${index} has ${info.blocks} blocks, too few to damage a leaf in the middle`);
  const block = middleOf(info, index);
  return { relation: index, path: info.path, block, blockSize: info.blockSize, rows: 0 };
}

/** The middle block; it must be in the relation's first 1 GB file (a drill world's relations are far smaller). */
function middleOf(info: { blocks: number; blockSize: number }, relation: string): number {
  const block = Math.floor(info.blocks / 2);
  if ((block + 1) * info.blockSize > 2 ** 30) throw new BugError(`drill fault: ${relation} is too large for a drill world (its middle block is past its first segment file)`);
  return block;
}

async function relationInfo(client: pg.Client, relation: string): Promise<{ name: string; path: string; blocks: number; blockSize: number }> {
  const rs = await client.query<{ name: string; path: string; bytes: string; block_size: string }>(
    `SELECT $1::regclass::text AS name, pg_relation_filepath($1::regclass) AS path, pg_relation_size($1::regclass) AS bytes, current_setting('block_size') AS block_size`,
    [relation],
  );
  const row = rs.rows[0]!;
  const blockSize = Number(row.block_size);
  return { name: row.name, path: row.path, blocks: Math.floor(Number(row.bytes) / blockSize), blockSize };
}
