import type pg from 'pg';
import { qualifiedName } from './qualified-name.js';

/** A relation named by pg_amcheck, found again in the catalog. */
export interface Relation {
  schema: string;
  name: string;
  /** For an index: the table it belongs to (`SCHEMA.TABLE`). */
  table?: string;
}

export interface TableRead {
  /** Tables read to the last page. */
  read: number;
  /**
   * Tables whose read failed, with the server's message (a checksum failure, say) and the
   * relation whose file the message names: the table itself, its TOAST table, or one of its
   * indexes — planning any query reads each B-tree's metapage, so a damaged index block 0
   * fails every read of its table although the table is intact.
   */
  failed: { table: string; error: string; damaged: DamagedFile | null }[];
}

/** The relation a "… of relation base/5/16413" / "in file "base/5/16413"" message names. */
export interface DamagedFile {
  relation: string;
  kind: 'index' | 'table';
  /** For TOAST, the table it belongs to; for an index, its table. */
  table: string;
}

export interface ChecksumState {
  enabled: boolean;
  /** `pg_stat_database.checksum_failures` of this database since the statistics were reset. */
  failures: number;
  lastFailure: string | null;
}

/**
 * Finds `SCHEMA.NAME` strings (as pg_amcheck prints them) in the catalog. Matching the whole
 * string against `nspname || '.' || relname` keeps names that contain a dot exact. A TOAST
 * table is reported as the table it belongs to (`pg_toast.pg_toast_16384` means nothing to
 * the operator; `public.docs` does).
 */
export async function resolveRelations(client: pg.Client, printed: readonly string[]): Promise<Relation[]> {
  if (printed.length === 0) return [];
  const { rows } = await client.query<{ printed: string; schema: string; name: string; table: string | null; table_schema: string | null; owner: string | null; owner_schema: string | null }>(
    `SELECT n.nspname || '.' || c.relname AS printed, n.nspname AS schema, c.relname AS name,
            t.relname AS table, tn.nspname AS table_schema, o.relname AS owner, onsp.nspname AS owner_schema
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_index i ON i.indexrelid = c.oid
       LEFT JOIN pg_class t ON t.oid = i.indrelid
       LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
       LEFT JOIN pg_class o ON c.relkind = 't' AND o.reltoastrelid = c.oid
       LEFT JOIN pg_namespace onsp ON onsp.oid = o.relnamespace
      WHERE n.nspname || '.' || c.relname = ANY($1::text[])`,
    [printed],
  );
  const byPrinted = new Map(rows.map((r) => [r.printed, r]));
  const found = printed.map((p): Relation => {
    const row = byPrinted.get(p);
    if (!row) {
      // Gone from the catalog since the check (or a name pg_amcheck printed differently): keep what we know.
      const dot = p.indexOf('.');
      return { schema: p.slice(0, dot), name: p.slice(dot + 1) };
    }
    if (row.owner) return { schema: row.owner_schema!, name: row.owner };
    return { schema: row.schema, name: row.name, ...(row.table ? { table: `${row.table_schema}.${row.table}` } : {}) };
  });
  const seen = new Set<string>();
  return found.filter((r) => !seen.has(`${r.schema}.${r.name}`) && seen.add(`${r.schema}.${r.name}`));
}

/**
 * Reads every page of every user table (`TABLESAMPLE SYSTEM (100)` is a scan of all blocks that
 * an index-only plan cannot replace). With data checksums on, a damaged page fails the read.
 * One table's failure does not stop the others.
 */
export async function readEveryTable(client: pg.Client, signal: AbortSignal, log: (line: string) => void): Promise<TableRead> {
  const { rows: tables } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        AND (c.relkind = 'r' OR c.relispopulated)
      ORDER BY 1, 2`,
  );
  const result: TableRead = { read: 0, failed: [] };
  for (const t of tables) {
    if (signal.aborted) throw new Error('cancelled while reading tables');
    try {
      await client.query(`SELECT count(*) FROM ONLY ${qualifiedName(t.schema, t.name)} TABLESAMPLE SYSTEM (100)`);
      result.read += 1;
    } catch (error) {
      const message = (error as Error).message;
      const damaged = await damagedFile(client, message).catch(() => null);
      result.failed.push({ table: `${t.schema}.${t.name}`, error: message, damaged });
      log(`reading ${t.schema}.${t.name} failed: ${message}${damaged ? ` (the file of ${damaged.kind} ${damaged.relation})` : ''}`);
    }
  }
  return result;
}

const FILE_IN_MESSAGE = /(?:of relation |in file "?)((?:base|global|pg_tblspc)\/[^\s":]+)/;

/** Which relation's file a read error names, from the catalog (null when it names none). */
export async function damagedFile(client: pg.Client, message: string): Promise<DamagedFile | null> {
  const path = FILE_IN_MESSAGE.exec(message)?.[1]?.replace(/\.\d+$/, '');
  if (!path) return null;
  const { rows } = await client.query<{ relation: string; relkind: string; table: string | null }>(
    `SELECT n.nspname || '.' || c.relname AS relation, c.relkind,
            COALESCE(tn.nspname || '.' || t.relname, on_.nspname || '.' || owner.relname) AS table
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_index i ON i.indexrelid = c.oid
       LEFT JOIN pg_class t ON t.oid = i.indrelid
       LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
       LEFT JOIN pg_class owner ON owner.reltoastrelid = c.oid
       LEFT JOIN pg_namespace on_ ON on_.oid = owner.relnamespace
      WHERE c.relkind IN ('r', 'm', 't', 'i') AND pg_relation_filepath(c.oid) = $1`,
    [path],
  );
  const row = rows[0];
  if (!row) return null;
  const kind = row.relkind === 'i' ? 'index' : 'table';
  return { relation: row.relation, kind, table: row.table ?? row.relation };
}

export async function checksumState(client: pg.Client): Promise<ChecksumState> {
  const { rows } = await client.query<{ enabled: string; failures: string | null; last: Date | null }>(
    `SELECT current_setting('data_checksums') AS enabled, d.checksum_failures AS failures, d.checksum_last_failure AS last
       FROM pg_stat_database d WHERE d.datname = current_database()`,
  );
  const row = rows[0];
  return {
    enabled: row?.enabled === 'on',
    failures: Number(row?.failures ?? 0),
    lastFailure: row?.last ? new Date(row.last).toISOString() : null,
  };
}
