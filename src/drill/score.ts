import type { BackupChoice } from './backup-choice.js';
import type { Key, KeySnapshot, RecoveryRun, Sla, WrittenRow } from './types.js';

/** Everything the score is computed from; times are epoch milliseconds. */
export interface ScoreInput {
  /** When `before` was read. */
  fingerprintAt: number;
  /** Every key at the fingerprint, taken after the backup with nothing else writing: all are in the backup. */
  before: KeySnapshot;
  /** Rows the application committed from the fingerprint on. */
  written: readonly WrittenRow[];
  /** Every key once the recovery was over and the application stopped. */
  after: KeySnapshot;
  faultAt: number;
  run: RecoveryRun;
  sla: Sla;
}

/** One step and the time it took. */
export interface StepTime {
  stepId: string;
  ms: number;
}

/** The drill's result (§8.6): journaled as `drill/scored`. */
export interface DrillScore {
  runId: string;
  validated: boolean;
  /** Fault → validated recovery; null when the recovery was not validated. */
  rtoMs: number | null;
  rtoWithinSla: boolean | null;
  /** Committed rows (before the fault, or written by the application after it) missing at the end. */
  rowsLost: number;
  lostByTable: Record<string, number>;
  /** Of those, rows the backup had: a recovery that loses them is beyond any RPO (it fails the SLA). */
  rowsLostFromBackup: number;
  /** Fault → the commit of the oldest lost row the backup could not have: the time's worth of writes lost (0: none). */
  rpoMs: number;
  rpoWithinSla: boolean | null;
  /** Extra copies of a key (a row merged back twice). */
  duplicates: number;
  /** Rows at the end that were never committed before: neither in the fingerprint nor written. */
  unexpectedRows: number;
  /** Application rows whose key the database gave again to a later row: lost (counted in `rowsLost`), their key hiding it. */
  keysReissued?: number;
  writerRows: number;
  writerRowsKept: number;
  slowest: StepTime[];
  sla: Sla;
  passed: boolean;
  /** A guided drill (`--guided`): hints were offered, and how many the operator was shown. */
  guided?: boolean;
  hintsShown?: number;
  /** `--backup random`: the backup the recovery restored from. */
  backup?: BackupChoice;
}

const id = (key: Key) => JSON.stringify(key);

/** The score of a drill. Pure: the same input gives the same score. */
export function scoreDrill(input: ScoreInput): DrillScore {
  const expected = expectedRows(input);
  const lostByTable: Record<string, number> = {};
  let rowsLost = 0;
  let duplicates = 0;
  let unexpectedRows = 0;
  let oldestLost = Number.POSITIVE_INFINITY;
  let rowsLostFromBackup = 0;
  for (const [table, rows] of expected) {
    const afterKeys = input.after[table] ?? [];
    const counts = new Map<string, number>();
    for (const key of afterKeys) counts.set(id(key), (counts.get(id(key)) ?? 0) + 1);
    let lost = 0;
    for (const [key, at] of rows) {
      if (counts.has(key)) continue;
      lost += 1;
      if (at === BACKED_UP) rowsLostFromBackup += 1;
      else oldestLost = Math.min(oldestLost, at);
    }
    for (const [key, n] of counts) {
      if (n > 1) duplicates += n - 1;
      if (!rows.has(key)) unexpectedRows += 1;
    }
    if (lost > 0) lostByTable[table] = lost;
    rowsLost += lost;
  }
  const reissued = reissuedRows(input.written);
  for (const row of reissued) {
    lostByTable[row.table] = (lostByTable[row.table] ?? 0) + 1;
    rowsLost += 1;
    oldestLost = Math.min(oldestLost, row.at);
  }
  const present = new Set(Object.entries(input.after).flatMap(([table, keys]) => keys.map((key) => `${table}\u0000${id(key)}`)));
  const writtenKept = input.written.filter((row) => !reissued.has(row) && present.has(`${row.table}\u0000${id(row.key)}`)).length;
  const validated = input.run.validated && input.run.status === 'succeeded' && input.run.finishedAt !== undefined;
  const rtoMs = validated ? Math.max(0, Date.parse(input.run.finishedAt!) - input.faultAt) : null;
  const rpoMs = oldestLost === Number.POSITIVE_INFINITY ? 0 : Math.max(0, input.faultAt - oldestLost);
  const rtoWithinSla = rtoMs === null ? false : input.sla.rtoMs === undefined ? null : rtoMs <= input.sla.rtoMs;
  const rpoWithinSla = rowsLostFromBackup > 0 ? false : input.sla.rpoMs === undefined ? null : rpoMs <= input.sla.rpoMs;
  return {
    runId: input.run.runId,
    validated,
    rtoMs,
    rtoWithinSla,
    rowsLost,
    lostByTable,
    rowsLostFromBackup,
    rpoMs,
    rpoWithinSla,
    duplicates,
    unexpectedRows,
    keysReissued: reissued.size,
    writerRows: input.written.length,
    writerRowsKept: writtenKept,
    slowest: slowestSteps(input.run.steps, 3),
    sla: input.sla,
    passed: validated && rtoWithinSla !== false && rpoWithinSla !== false && duplicates === 0,
  };
}

/**
 * Application rows whose key was committed again later: a database hands out a key once, so
 * the earlier row was lost and its key reissued (a restore rewound the sequence or the rowid).
 * By key alone the later row would hide the loss.
 */
function reissuedRows(written: readonly WrittenRow[]): Set<WrittenRow> {
  const last = new Map<string, WrittenRow>();
  for (const row of written) last.set(`${row.table}\u0000${id(row.key)}`, row);
  return new Set(written.filter((row) => last.get(`${row.table}\u0000${id(row.key)}`) !== row));
}

/** The commit time of a row the backup has: earlier than any the application wrote. */
const BACKED_UP = Number.NEGATIVE_INFINITY;

/** Per table, every committed key and when it was committed (`BACKED_UP` for the fingerprint's rows). */
function expectedRows(input: ScoreInput): Map<string, Map<string, number>> {
  const tables = new Map<string, Map<string, number>>();
  const of = (table: string) => tables.get(table) ?? tables.set(table, new Map()).get(table)!;
  for (const [table, keys] of Object.entries(input.before)) {
    const rows = of(table);
    for (const key of keys) rows.set(id(key), BACKED_UP);
  }
  for (const row of input.written) if (!of(row.table).has(id(row.key))) of(row.table).set(id(row.key), row.at);
  return tables;
}

/** The `n` steps that took longest, longest first. */
export function slowestSteps(steps: Record<string, number>, n: number): StepTime[] {
  return Object.entries(steps)
    .map(([stepId, ms]) => ({ stepId, ms }))
    .sort((a, b) => b.ms - a.ms || a.stepId.localeCompare(b.stepId))
    .slice(0, n);
}
