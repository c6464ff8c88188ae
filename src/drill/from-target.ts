import { PitstopError, UsageError } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';
import { deleteFault } from './fault-delete.js';
import { replaySchema } from './from-target-fill.js';
import { readLibsqlSchema } from './from-target-libsql.js';
import type { FromTarget } from './from-target-source.js';
import { generateRows, moreRows, type GeneratedData, type NotHonoured, type Value } from './generate-rows.js';
import { typeFamily } from './generate-values.js';
import { buildLibsqlWorld } from './libsql-world.js';
import type { DrillScenario } from './scenarios.js';
import type { SchemaModel } from './schema-model.js';
import type { Fault, Key } from './types.js';
import type { WorldKit } from './worlds.js';

/** The generator's seed: the same schema gives the same world every drill. */
const SEED = 20_261_129;
/** Rows the application has to insert: more than a drill lasts at one every 200 ms. */
const APPLICATION_ROWS = 3000;
const INTERVAL_MS = 200;

/** What the world was made of, for the drill's journal: the target's tables and what could not be generated. */
export interface WorldSchema {
  fromTarget: string;
  /** Rows generated per table. */
  tables: Record<string, number>;
  refused: Array<{ table: string; reason: string }>;
  notHonoured: NotHonoured[];
}

/**
 * The world of `--from-target`: the target's schema (read without writing to it, no row of
 * it read; PostgreSQL in `from-target-pg.ts`), filled with generated rows, with the target's
 * `data:` and `params:`; the fault on
 * the table chosen by `faultTableOf`, and an application inserting generated rows into it.
 */
export async function buildFromTargetWorld(source: FromTarget, scenario: DrillScenario, faultKind: string, dir: string, now: Date, home: string): Promise<WorldKit & { schema: WorldSchema }> {
  if (faultKind !== 'delete') {
    throw new UsageError(`--from-target ${source.name}: drills on a target's schema break it with the fault delete only, for now`, { hint: 'Leave out --fault (or give --fault delete), or leave out --from-target.' });
  }
  const configured = source.target.params?.[scenario.runbookId]?.['table'];
  if (source.target.engine === 'postgres') {
    const { buildPgFromTargetWorld } = await import('./from-target-pg.js');
    const kit = await buildPgFromTargetWorld(source, dir, now, {
      seed: SEED,
      applicationRows: APPLICATION_ROWS,
      intervalMs: INTERVAL_MS,
      faultTable: (model, data) => faultTableOf(model, data, configured, source.name, 'postgres'),
    });
    const notHonoured = [...kit.data.notHonoured, ...kit.skippedExtensions.map((ext) => ({ table: '-', check: `CREATE EXTENSION ${ext}`, how: 'left out: not installable on this server' }))];
    return { world: kit.world, application: kit.application, fault: kit.fault, schema: schemaOf(source.name, kit.data, notHonoured) };
  }
  const schema = await readLibsqlSchema(source.target);
  const data = generateRows(schema.model, { rows: source.rows, seed: SEED, now: now.getTime() });
  const table = faultTableOf(schema.model, data, configured, source.name, 'libsql');
  const { data: dataSection, params } = source.target;
  const world = await buildLibsqlWorld(dir, now, home, {
    fill: (client) => replaySchema(client, schema, data),
    fields: { ...(dataSection ? { data: dataSection } : {}), ...(params ? { params } : {}) },
  });
  const extra = moreRows(schema.model, data, table, APPLICATION_ROWS, { seed: SEED, now: now.getTime() });
  const application = {
    engine: 'libsql' as const,
    url: world.url,
    table,
    sql: `INSERT INTO ${quoteIdent(table)} (${extra.columns.map(quoteIdent).join(', ')}) VALUES (${extra.columns.map(() => '?').join(', ')})`,
    rows: extra.rows,
    // The fingerprint's form of each row's key: the insert's rowid is not it for a composite or text key.
    keys: extra.rows.map((row) => keyOf(row, extra.columns, schema.model.tables.find((t) => t.name === table)!.primaryKey)),
    intervalMs: INTERVAL_MS,
  };
  const newest = source.target.data?.tables?.[table]?.newest ?? source.target.params?.[scenario.runbookId]?.['time_column'];
  return {
    world,
    application,
    fault: withTimeColumn(deleteFault(table), newest === undefined ? timeColumnOf(schema.model, table) : undefined),
    schema: schemaOf(source.name, data, data.notHonoured),
  };
}

function keyOf(row: Value[], columns: string[], primaryKey: string[]): Key {
  const values = primaryKey.map((c) => row[columns.indexOf(c)] ?? null) as Key[];
  return values.length === 1 ? values[0]! : JSON.stringify(values);
}

function schemaOf(name: string, data: GeneratedData, notHonoured: NotHonoured[]): WorldSchema {
  return { fromTarget: name, tables: Object.fromEntries(data.tables.map((t) => [t.table, t.rows.length])), refused: data.refused, notHonoured };
}

/**
 * The table the fault deletes from: the runbook's `table` in the target's `params:`, else the
 * table with the most ON DELETE CASCADE children (a deletion there hurts most), else the
 * largest; among the tables with a primary key that got rows.
 */
export function faultTableOf(model: SchemaModel, data: GeneratedData, configured: unknown, targetName: string, engine: 'libsql' | 'postgres'): string {
  // The deletion and the copy-back match rows by key: a table without a primary key is not a
  // candidate; on PostgreSQL the fault and the application need one integer column as key.
  const usable = (t: SchemaModel['tables'][number]) =>
    engine === 'libsql' ? t.primaryKey.length > 0 : t.primaryKey.length === 1 && typeFamily(t.columns.find((c) => c.name === t.primaryKey[0])?.type ?? '') === 'integer';
  const keyed = new Set(model.tables.filter(usable).map((t) => t.name));
  const filled = data.tables.filter((t) => t.rows.length > 0 && keyed.has(t.table));
  if (filled.length === 0) {
    const why = data.refused.map((r) => `${r.table}: ${r.reason}`).join('; ');
    throw new PitstopError(`target ${targetName}: no table of its schema with a ${engine === 'libsql' ? '' : 'single integer '}primary key could be filled with rows`, { hint: why || 'A drill deletes rows from a table by its primary key; its schema has none that fits.' });
  }
  if (typeof configured === 'string') {
    if (filled.some((t) => t.table === configured)) return configured;
    const refused = data.refused.find((r) => r.table === configured);
    throw new UsageError(`target ${targetName}: params names table ${configured}, ${refused ? `which cannot be filled: ${refused.reason}` : 'which its schema does not have'}`, { hint: `Tables with rows: ${filled.map((t) => t.table).join(', ')}.` });
  }
  const cascades = (name: string) => model.tables.filter((t) => t.name !== name && t.foreignKeys.some((fk) => fk.onDelete === 'CASCADE' && fk.parent.toLowerCase() === name.toLowerCase())).length;
  return [...filled].sort((a, b) => cascades(b.table) - cascades(a.table) || b.rows.length - a.rows.length || a.table.localeCompare(b.table))[0]!.table;
}

/** The table's first date or time column, for a runbook that asks which column dates its rows. */
function timeColumnOf(model: SchemaModel, table: string): string | undefined {
  return model.tables.find((t) => t.name === table)?.columns.find((c) => ['timestamp', 'date'].includes(typeFamily(c.type)))?.name;
}

/** `--auto` also answers `time_column` when the target's `data:`/`params:` do not say it. */
function withTimeColumn(fault: Fault, column: string | undefined): Fault {
  if (column === undefined) return fault;
  return { ...fault, answers: (facts, world) => ({ ...fault.answers(facts, world), time_column: column }) };
}
