import { createRandom, type Random } from '../sandbox/random.js';
import { canonicalName, dependencyOrder, planTable, type NotHonoured, type TablePlan } from './generate-plan.js';
import { columnValue, type Value } from './generate-values.js';
import type { SchemaModel } from './schema-model.js';

export type { NotHonoured } from './generate-plan.js';
export type { Value } from './generate-values.js';

/** One table's generated rows: values in `columns`' order (columns left to their DEFAULT are absent). */
export interface GeneratedTable {
  table: string;
  columns: string[];
  rows: Value[][];
}

/** Everything generated, parents first, and what could not be. */
export interface GeneratedData {
  tables: GeneratedTable[];
  /** Tables left empty, with why. */
  refused: Array<{ table: string; reason: string }>;
  notHonoured: NotHonoured[];
}

export interface GenerateOptions {
  /** Rows per table (fewer where the keys cannot take that many distinct values). */
  rows: number;
  /** The same seed, schema and `now` give the same rows. */
  seed: number;
  /** Epoch ms: dates and times lie in the 200 days before it. */
  now: number;
}

/** Draws per row before a row whose keys keep colliding is given up. */
const ATTEMPTS = 8;

/**
 * Rows for every table of `model`, parents first: keys and unique sets distinct, foreign
 * keys drawn from the parent's rows (composite ones whole; one sharing columns with another
 * agrees with it), NOT NULL columns filled, the checks it can read honoured. Pure.
 */
export function generateRows(model: SchemaModel, options: GenerateOptions): GeneratedData {
  const made = new Map<string, GeneratedTable>();
  const out: GeneratedData = { tables: [], refused: [], notHonoured: [] };
  for (const table of dependencyOrder(model)) {
    const planned = planTable(table, model, (name) => made.get(name)?.rows.length);
    if ('refused' in planned) {
      out.refused.push({ table: table.name, reason: planned.refused });
      continue;
    }
    out.notHonoured.push(...planned.notHonoured);
    const generated: GeneratedTable = { table: table.name, columns: planned.plan.columns.map((c) => c.column.name), rows: [] };
    generated.rows = fill(planned.plan, model, made, generated, options.rows, randomFor(options.seed, table.name), options.now);
    made.set(table.name, generated);
    out.tables.push(generated);
  }
  return out;
}

/**
 * `count` more rows for `table` after the ones in `data` (what the drill's application
 * inserts): keys continue past the generated ones, foreign keys point at generated parents.
 */
export function moreRows(model: SchemaModel, data: GeneratedData, table: string, count: number, options: Omit<GenerateOptions, 'rows'>): GeneratedTable {
  const made = new Map(data.tables.map((t) => [t.table, t]));
  const existing = made.get(table);
  const schema = model.tables.find((t) => t.name === table);
  if (!existing || !schema) throw new Error(`no rows were generated for table ${table}`);
  const planned = planTable(schema, model, (name) => made.get(name)?.rows.length);
  if ('refused' in planned) throw new Error(`table ${table}: ${planned.refused}`);
  const extra: GeneratedTable = { table, columns: existing.columns, rows: [] };
  const all = { ...existing, rows: [...existing.rows] };
  made.set(table, all);
  const rows = fill(planned.plan, model, made, all, count, randomFor(options.seed + 1, table), options.now, existing.rows.length);
  extra.rows = rows.slice(existing.rows.length);
  return extra;
}

/** A foreign key made ready for drawing: where its columns are in the row and in the parent's rows. */
interface ForeignKeyDraw {
  mode: 'parent' | 'self' | 'null';
  parentRows: Value[][];
  /** [row column, parent column] pairs. */
  pairs: Array<[number, number]>;
  /** Pairs another (larger) foreign key fills first: this one must agree with them. */
  shared: Array<[number, number]>;
  /** Parent rows by the values of the shared columns, made on first use. */
  byShared?: Map<string, Value[][]>;
}

/** Adds up to `count` rows to `self` (which may hold rows already), returning all of them. */
function fill(plan: TablePlan, model: SchemaModel, made: Map<string, GeneratedTable>, self: GeneratedTable, count: number, random: Random, now: number, from = 0): Value[][] {
  const at = new Map(self.columns.map((c, i) => [c, i]));
  const rows = self.rows;
  const uniqueSets = plan.uniqueSets.map((set) => set.map((c) => at.get(c) ?? -1));
  const seen = uniqueSets.map((set) => new Set(rows.map((row) => tupleKey(set, row)).filter((k) => k !== undefined)));
  const notNull = plan.columns.flatMap((c, i) => (c.column.notNull || plan.table.primaryKey.includes(c.column.name) ? [i] : []));
  const draws = foreignKeyDraws(plan, model, made, at, rows);
  const forcedNull = plan.columns.map((c) => plan.nullColumns.has(c.column.name));
  for (let i = from; i < from + count; i += 1) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const row = plan.columns.map((c, k) => (forcedNull[k] ? null : columnValue(c, i, random, now)));
      if (!drawForeignKeys(draws, row, random)) continue;
      if (notNull.some((k) => row[k] === null)) continue;
      const keys = uniqueSets.map((set) => tupleKey(set, row));
      if (keys.some((k, n) => k !== undefined && seen[n]!.has(k))) continue;
      keys.forEach((k, n) => k !== undefined && seen[n]!.add(k));
      rows.push(row);
      break;
    }
  }
  return rows;
}

function foreignKeyDraws(plan: TablePlan, model: SchemaModel, made: Map<string, GeneratedTable>, at: Map<string, number>, own: Value[][]): ForeignKeyDraw[] {
  const filled = new Set<number>();
  return plan.foreignKeys.map(({ fk, mode }) => {
    const parent = mode === 'self' ? { columns: [...at.keys()], rows: own } : made.get(canonicalName(model, fk.parent));
    const parentAt = new Map(parent?.columns.map((c, i) => [c, i]) ?? []);
    const pairs = fk.columns.map((c, i): [number, number] => [at.get(c) ?? -1, parentAt.get(fk.parentColumns[i]!) ?? -1]).filter(([col]) => col >= 0);
    const shared = pairs.filter(([col]) => filled.has(col));
    for (const [col] of pairs) filled.add(col);
    return { mode, parentRows: mode === 'null' ? [] : (parent?.rows ?? []), pairs, shared };
  });
}

/** Fills the row's foreign-key columns; false when no parent row agrees with what is already chosen. */
function drawForeignKeys(draws: ForeignKeyDraw[], row: Value[], random: Random): boolean {
  for (const draw of draws) {
    // A self-reference points at an earlier row half the time, so chains end.
    const none = draw.mode === 'null' || draw.parentRows.length === 0 || (draw.mode === 'self' && random.next() < 0.5);
    let pick: Value[] | undefined = none ? undefined : draw.parentRows[random.int(0, draw.parentRows.length - 1)];
    if (pick && draw.shared.length > 0) {
      const fitting = agreeing(draw).get(JSON.stringify(draw.shared.map(([col]) => row[col]))) ?? [];
      if (fitting.length === 0) return false;
      pick = fitting[random.int(0, fitting.length - 1)]!;
    }
    for (const [col, parentCol] of draw.pairs) {
      if (draw.shared.some(([c]) => c === col)) continue;
      row[col] = pick ? (pick[parentCol] ?? null) : null;
    }
  }
  return true;
}

function agreeing(draw: ForeignKeyDraw): Map<string, Value[][]> {
  if (!draw.byShared) {
    draw.byShared = new Map();
    for (const r of draw.parentRows) {
      const key = JSON.stringify(draw.shared.map(([, parentCol]) => r[parentCol]));
      const list = draw.byShared.get(key);
      if (list) list.push(r);
      else draw.byShared.set(key, [r]);
    }
  }
  return draw.byShared;
}

function tupleKey(set: number[], row: Value[]): string | undefined {
  const values = set.map((c) => row[c] ?? null);
  // SQL lets rows share a unique set that has a NULL in it.
  return values.some((v) => v === null) ? undefined : JSON.stringify(values);
}

/** A PRNG per table, so adding a table to the schema does not change another's rows. */
function randomFor(seed: number, table: string): Random {
  let h = seed >>> 0;
  for (const ch of table) h = Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0;
  return createRandom(h);
}
