import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { BugError } from '../errors.js';
import type { LibsqlWorld } from './libsql-world.js';
import { problemPage } from './page-problem.js';
import type { Fault, FaultFacts } from './types.js';

/** A page of the b-tree that stores a table's rows, and how many rows it holds. */
export interface LeafPage {
  pageno: number;
  rows: number;
}

/**
 * `page`: one leaf page of `table` (the middle one of its b-tree, as `dbstat` lists them)
 * overwritten with random bytes in the world's file, as a failing disk or a stray write
 * would. The application is paused (its connection closed) and the WAL checkpointed first,
 * so no connection holds the page in its cache and no WAL frame shadows it: the next read
 * meets the garbage. A middle page holds rows older than the newest, so the application's
 * inserts (at the end of the table) still work, as they would in life.
 */
export function pageFault(table: string): Fault {
  return {
    kind: 'page',
    page: (facts, written, runbookId, detectedAt) =>
      problemPage(
        {
          alert: `${facts.table}: queries fail with "database disk image is malformed" (SQLITE_CORRUPT)`,
          ask: 'Find what is damaged (which table or index), then recover without losing what the application wrote.',
          error: `GET /${facts.table} → 500: SQLITE_CORRUPT: database disk image is malformed`,
        },
        Date.parse(facts.at),
        written,
        runbookId,
        detectedAt,
      ),
    answers: (_facts, world) => ({ restore_from: world.source }),
    async inject(world, _written, application) {
      const libsql = world as LibsqlWorld;
      await application.pause();
      try {
        const client = await libsql.client();
        await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        const pageSize = Number((await client.execute('PRAGMA page_size')).rows[0]![0]);
        const target = middleLeaf(await leafPages(client, table), table);
        await libsql.close();
        overwritePage(libsql.db, target.pageno, pageSize);
        const at = new Date().toISOString();
        return {
          kind: 'page',
          at,
          summary: `page ${target.pageno} of ${libsql.db} (a leaf of table ${table}, ${target.rows} rows) overwritten with ${pageSize} random bytes`,
          table,
          file: libsql.db,
          pages: [target.pageno],
          pageSize,
          rowsOnDamagedPages: target.rows,
        } satisfies FaultFacts;
      } finally {
        await application.resume();
      }
    },
  };
}

/** The leaf pages of a table's b-tree in key order (`dbstat` paths sort depth-first). */
export async function leafPages(client: Client, table: string): Promise<LeafPage[]> {
  const rs = await client.execute({ sql: "SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path", args: [table] });
  return rs.rows.map((row) => ({ pageno: Number(row['pageno']), rows: Number(row['ncell']) }));
}

function middleLeaf(leaves: LeafPage[], table: string): LeafPage {
  // The first and last leaves are left alone: the last takes the application's inserts, and a split there reads its neighbour.
  if (leaves.length < 5) throw new BugError(`drill fault page: table ${table} has ${leaves.length} leaf pages, too few to damage one in the middle`);
  return leaves[Math.floor(leaves.length / 2)]!;
}

/** Writes `pageSize` random bytes over page `pageno` (1-based) of `file`, durably. */
export function overwritePage(file: string, pageno: number, pageSize: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, randomBytes(pageSize), 0, pageSize, (pageno - 1) * pageSize);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
