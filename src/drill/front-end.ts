import type { CliArgs } from '../cli-args.js';
import type { StopSignal } from '../runner/stop-signals.js';
import type { DrillEvent } from './journal.js';
import type { Page } from './types.js';
import type { Writer } from './writer.js';

/** What the recovery run needs from the drill: the world's targets file, the page, the application. */
export interface RecoveryRequest {
  args: CliArgs;
  drillId: string;
  runbookId: string;
  /** The world's targets file (defines the target `drill` only). */
  configFile: string;
  page: Page;
  /** The fault's own facts as answers to the runbook's questions (`--auto` takes them; a person finds them). */
  answers: Record<string, string>;
  /** The application: a manual step that tells it to stop writing pauses it (see `withApplication`). */
  writer: Writer;
  /** Points the application at the restored server when the runbook's repoint step is done. */
  repoint(): Promise<void>;
  /** Called with the recovery run's id as soon as it exists (journaled as `drill/recovery`). */
  started(runId: string): void;
}

/** How the recovery run ended: its id and its exit code (0 finished, 3 paused, 128+n a signal…). */
export interface RecoveryEnd {
  runId: string;
  code: number;
}

/**
 * Who shows a drill and answers its recovery run: the headless lines (plain or NDJSON, with
 * `--auto` or the flags) or the TUI's screens. The drill's sequence (`runDrill`) is the same
 * for both; only these edges differ.
 */
export interface DrillFrontEnd {
  /** A person answers the recovery run's questions as they come (else they must be given up front). */
  readonly interactive: boolean;
  /** Each drill event once journaled. */
  event(event: DrillEvent): void;
  /** Runs the scenario's runbook against the world; resolves when it finished, stopped or paused. */
  recover(request: RecoveryRequest): Promise<RecoveryEnd>;
  /**
   * Given the drill's own stop (journal, remove the world unless `--keep`, exit), for stops that
   * do not come as signals: Ctrl+C read as a key by the TUI before or after the recovery run.
   */
  attach?(stop: (signal: StopSignal) => void): void;
  /** How many hints the operator was shown (a guided drill), recorded in the score. */
  hintsShown?(): number;
}
