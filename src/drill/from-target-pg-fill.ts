import type pg from 'pg';
import { EXIT, PitstopError } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';
import type { GeneratedData, GeneratedTable } from './generate-rows.js';

/** Bound parameters per INSERT, well under PostgreSQL's 65,535. */
const PARAMS_PER_STATEMENT = 20_000;

/**
 * Inserts the generated rows into the world's database, parents first, in one transaction:
 * as `session_replication_role = replica`, so the target's triggers do not fire on rows no
 * application wrote; identity columns take the generated keys (OVERRIDING SYSTEM VALUE) and
 * every sequence behind a column is moved past the largest key, so the application's inserts
 * get new ones.
 */
export async function fillPgWorld(client: pg.Client, data: GeneratedData): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL session_replication_role = replica');
    for (const table of data.tables) {
      try {
        for (const statement of pgInserts(table)) await client.query(statement);
      } catch (error) {
        throw new PitstopError(`the generated rows of table ${table.table} could not be inserted in the drill's world: ${(error as Error).message}`, {
          exitCode: EXIT.stepFailed,
          hint: 'A constraint pitstop could not read refused them; give the fault a table with params.table, or report the schema.',
        });
      }
    }
    for (const table of data.tables) await moveSequences(client, table);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await client.query('ANALYZE');
}

function pgInserts(table: GeneratedTable): Array<{ text: string; values: unknown[] }> {
  if (table.rows.length === 0 || table.columns.length === 0) return [];
  const per = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / table.columns.length));
  const out: Array<{ text: string; values: unknown[] }> = [];
  for (let i = 0; i < table.rows.length; i += per) {
    const chunk = table.rows.slice(i, i + per);
    const tuples = chunk.map((_, r) => `(${table.columns.map((__, c) => `$${r * table.columns.length + c + 1}`).join(', ')})`);
    out.push({ text: `INSERT INTO ${quoteIdent(table.table)} (${table.columns.map(quoteIdent).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, values: chunk.flat() });
  }
  return out;
}

async function moveSequences(client: pg.Client, table: GeneratedTable): Promise<void> {
  for (const column of table.columns) {
    const rs = await client.query<{ seq: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS seq', [quoteIdent(table.table), column]);
    const seq = rs.rows[0]?.seq;
    if (!seq) continue;
    await client.query(`SELECT setval($1, coalesce((SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(table.table)}), 0) + 1, false)`, [seq]);
  }
}
