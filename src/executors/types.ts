import type { CommandRequest, Evidence, Outputs, SqlRequest } from '../engine/types.js';

/**
 * Executors act at the edge: they run one request and report what happened. They never
 * decide whether that was a success for the runbook (that is `engine/judge.ts`); they only
 * say whether the thing itself worked (exit code, SQL error, timeout).
 */

export type OutputStream = 'stdout' | 'stderr';

export interface ExecContext {
  signal: AbortSignal;
  /** Called for every line of output, already redacted. */
  onOutput?: (line: string, stream: OutputStream) => void;
  /** Full output of the step is appended here (already redacted). */
  logFile?: string;
  /**
   * The command prints a secret the redactor cannot know yet (a token it creates): its output
   * must not be shown or logged anywhere; only the caller reads the result. A wrapper that
   * forwards output (the runner, for commands an action runs) must forward nothing then.
   */
  secretOutput?: boolean;
}

export interface CommandResult {
  kind: 'command';
  exitCode: number | null;
  /** The last part of stdout/stderr (bounded), redacted. The whole is in the log file. */
  stdout: string;
  stderr: string;
  lines: number;
  bytes: number;
  timedOut: boolean;
  /** Set when the process could not be started at all (missing executable, bad cwd). */
  spawnError?: string;
}

export interface SqlResult {
  kind: 'sql';
  columns: string[];
  /** The first rows (bounded); `rowCount` is the real count. */
  rows: Record<string, unknown>[];
  rowCount: number;
  error?: string;
  /** What the operator can do about `error` (a connection's hint), kept apart from it. */
  hint?: string;
  timedOut: boolean;
}

export interface ActionResult {
  kind: 'action';
  ok: boolean;
  outputs: Outputs;
  evidence: Evidence[];
  error?: string;
  /** What the operator can do about `error` (an ActionError's hint), kept apart from it. */
  hint?: string;
}

export type ExecResult = CommandResult | SqlResult | ActionResult;

export interface CommandExecutor {
  run(request: CommandRequest, ctx: ExecContext): Promise<CommandResult>;
}

export interface SqlExecutor {
  run(request: SqlRequest, ctx: ExecContext): Promise<SqlResult>;
  close(): Promise<void>;
}
