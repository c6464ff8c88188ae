import type { Query } from './table-info.js';

/**
 * The application's tables in a libSQL/SQLite database, by name: every `table` of
 * `sqlite_schema` except SQLite's own (`sqlite_sequence`, `sqlite_stat1`, …) and the ones
 * Litestream adds to a replicated file (`_litestream_seq`, `_litestream_lock`), which differ
 * between a database and its copies by design.
 */
export async function userTables(query: Query): Promise<string[]> {
  const rows = await query(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\' ORDER BY name",
  );
  return rows.map((r) => String(r['name']));
}
