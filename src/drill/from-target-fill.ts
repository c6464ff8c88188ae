import type { Client, InStatement } from '@libsql/client';
import { EXIT, PitstopError } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';
import type { LibsqlSchema } from './from-target-libsql.js';
import type { GeneratedData, GeneratedTable } from './generate-rows.js';

/** Bound values per INSERT, well under SQLite's limit on variables in one statement. */
const VALUES_PER_STATEMENT = 8000;

/**
 * Makes an empty database hold `schema` and `data`, in one transaction: the tables, their
 * generated rows (parents first, foreign keys enforced), then the indexes, views and triggers
 * — triggers last, so that none fires on the generated rows as if the application wrote them.
 */
export async function replaySchema(client: Client, schema: LibsqlSchema, data: GeneratedData): Promise<void> {
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA foreign_keys = ON');
  const ddl = (types: string[]) => schema.objects.filter((o) => types.includes(o.type)).map((o) => o.sql);
  try {
    await client.batch([...ddl(['table']), ...data.tables.flatMap(insertsOf), ...ddl(['index', 'view', 'trigger'])], 'write');
  } catch (error) {
    throw new PitstopError(`the target's schema and generated rows could not be made in the drill's world: ${(error as Error).message}`, {
      exitCode: EXIT.stepFailed,
      hint: 'A constraint pitstop could not read refused a generated row; run with --keep to look at the world, or report the schema.',
    });
  }
  const broken = await client.execute('PRAGMA foreign_key_check');
  if (broken.rows.length > 0) throw new PitstopError(`generated rows break a foreign key of table ${String(broken.rows[0]!['table'])}`, { exitCode: EXIT.stepFailed, hint: 'This is a bug in the row generator; please report the schema.' });
  // Fold the WAL into the file, as the seeded world does: backups copy the file.
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** The INSERT statements of one generated table. */
export function insertsOf(table: GeneratedTable): InStatement[] {
  if (table.rows.length === 0 || table.columns.length === 0) return [];
  const per = Math.max(1, Math.floor(VALUES_PER_STATEMENT / table.columns.length));
  const tuple = `(${table.columns.map(() => '?').join(', ')})`;
  const out: InStatement[] = [];
  for (let i = 0; i < table.rows.length; i += per) {
    const chunk = table.rows.slice(i, i + per);
    out.push({ sql: `INSERT INTO ${quoteIdent(table.table)} (${table.columns.map(quoteIdent).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, args: chunk.flat() });
  }
  return out;
}
