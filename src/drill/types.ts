/**
 * The drill's vocabulary. A drill builds a world (a throwaway `drill` target), fingerprints it,
 * starts an "application" writing to it, breaks it with a fault, runs the scenario's real
 * runbook against it and scores the recovery. Worlds (libSQL, PostgreSQL) and faults (a
 * deletion, a damaged page, a lost file or server…) are interfaces, so new ones slot in
 * without touching the command.
 */

/** A primary key as read from the database: numbers and texts compare as their JSON text. */
export type Key = string | number;

/** Per table: row count and a hash of the primary keys in key order. */
export interface TableFingerprint {
  rows: number;
  hash: string;
}

/** Every key of every table at one moment, kept in memory for the score. */
export type KeySnapshot = Record<string, Key[]>;

/** One row the application committed (the writer says so only after COMMIT returned). */
export interface WrittenRow {
  table: string;
  key: Key;
  /** Epoch milliseconds of the commit. */
  at: number;
}

/**
 * What a fault did, in facts a person (and `--auto`) can act on. Only `kind` and `at` are
 * common to every fault: a deletion names the rows it removed, a damaged page or a lost file
 * says what it hit. The score never reads these: it compares the data before and after.
 */
export interface FaultFacts {
  kind: string;
  /** ISO time of the fault (a deletion's commit, a page's overwrite, a file's removal). */
  at: string;
  /** What happened, in one line (shown when the fault strikes). */
  summary?: string;
  /** The table the fault hit. */
  table?: string;
  /** The keys of the rows it removed from `table`. */
  keys?: Key[];
  /** Rows of child tables that went with them (ON DELETE CASCADE), per table. */
  children?: Record<string, number>;
  /** The statement, as the application log shows it. */
  statement?: string;
  /** Rows the application wrote after the backup that the fault removed: no snapshot has them. */
  writerRowsDeleted?: number;
  /** The file the fault damaged or removed. */
  file?: string;
  /** Page numbers overwritten (1-based, as SQLite and `dbstat` count them). */
  pages?: number[];
  pageSize?: number;
  /** Rows stored on the damaged pages when they were overwritten. */
  rowsOnDamagedPages?: number;
  /** Rows the application had committed when the fault struck. */
  writerRowsBefore?: number;
}

/** The application as a fault sees it: paused, it has no connection open; resumed, it connects again. */
export interface Application {
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** The throwaway target a drill works on. */
export interface DrillWorld {
  readonly engine: 'libsql' | 'postgres';
  /** The directory removed at clean-up (unless `--keep`). */
  readonly dir: string;
  /** The targets file that defines the target `drill`, and nothing else. */
  readonly configFile: string;
  /** The source a point-in-time copy comes from in this world (`snapshot` unless a replica exists). */
  readonly source: string;
  /** Every key of every table, now. */
  keys(): Promise<KeySnapshot>;
  /** The application's database moved to a restored server at `url`: `keys` reads there from now on. */
  repoint?(url: string): void;
  /** Stops whatever the world runs (servers, replicators); files stay until removed. */
  close(): Promise<void>;
}

/** What the on-call engineer is paged with: an alert, and the log lines to find the time in. */
export interface Page {
  alert: string[];
  log: string[];
}

/** A way to break a world, and what a person is told about it. */
export interface Fault {
  readonly kind: string;
  /** The application commits nothing after this fault (its server is gone, or it is taken out of service): the page does not wait for its next row. */
  readonly applicationStops?: boolean;
  /**
   * Breaks the world now; `written` is what the application committed so far. A fault that
   * must find no connection open (a page overwritten under a live cache would be undone)
   * pauses `application` around the damage.
   */
  inject(world: DrillWorld, written: readonly WrittenRow[], application: Application): Promise<FaultFacts>;
  /** The page for these facts, sent at `detectedAt` (epoch ms). */
  page(facts: FaultFacts, written: readonly WrittenRow[], runbookId: string, detectedAt: number): Page;
  /** Stops whatever the fault left running (a hung listener); called at clean-up, before the world closes. */
  close?(): Promise<void>;
  /** `--auto`'s answers to the runbook's questions, from the facts (the runbook takes those it declares). */
  answers(facts: FaultFacts, world: DrillWorld): Record<string, string>;
}

/** The runbook's service levels, in milliseconds. */
export interface Sla {
  rtoMs?: number;
  rpoMs?: number;
}

/** How the recovery run ended, as the score needs it. */
export interface RecoveryRun {
  runId: string;
  status: string;
  /** ISO time of `run/finished` (absent when the run did not finish). */
  finishedAt?: string;
  /** Every validation step passed (and at least one ran). */
  validated: boolean;
  /** Each step's time, in milliseconds (all attempts). */
  steps: Record<string, number>;
}
