import type { ParamSpec, Runbook } from '../runbook/schema.js';

/** Re-exported for the runner, which speaks of steps and requests together. */
export type { Step } from '../runbook/schema.js';

/**
 * The engine's vocabulary. The engine is a pure function
 * `transition(state, event) → { state, effects }`: events are facts (what happened, with the
 * time it happened, given by the caller), effects are requests (what should happen next).
 * The journal is exactly the list of events fed to `transition`; resume is a fold over it.
 */

export type ParamValue = string | number | boolean;
export type Outputs = Record<string, unknown>;

/** A pass/fail fact shown to the operator: a check's expected and actual value. */
export interface Evidence {
  label: string;
  expected: string;
  actual: string;
  pass: boolean;
  /**
   * What a check found, shown where the operator decides (the run screen, plain output, the
   * report) without failing the step: a later step branches on it (e.g. damage an integrity
   * check reports for the runbook to repair).
   */
  finding?: boolean;
}

/** What the engine knows about the target: its name, engine and templatable fields. */
export interface TargetView {
  name: string;
  engine: 'postgres' | 'libsql';
  [field: string]: unknown;
}

export type ResolvedGate =
  | { type: 'confirm'; prompt?: string }
  | { type: 'typed'; phrase: string; prompt?: string };

// ---------------------------------------------------------------- requests to executors

/**
 * An expectation operand written as `{ expr }`, computed from earlier outputs when the step
 * was about to run: its value, or why it could not be computed (the expectation then fails).
 */
export type Operand = { expr: string; value: number } | { expr: string; error: string };

/** Computed operands by `KEY.OP` (`n.eq`, `stdout.gte`): only present when the step's `expect` uses `expr`. */
export type Operands = Record<string, Operand>;

export interface CommandRequest {
  kind: 'command';
  argv: string[];
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  operands?: Operands;
}

export interface SqlRequest {
  kind: 'sql';
  /** Target name, or `restored` for the copy made by an earlier restore action. */
  on: string;
  query: string;
  params: unknown[];
  readOnly: boolean;
  timeoutMs?: number;
  operands?: Operands;
}

export interface WaitRequest {
  kind: 'wait';
  probe: CommandRequest | SqlRequest;
  intervalMs: number;
  timeoutMs: number;
}

export interface ActionRequest {
  kind: 'action';
  action: string;
  with: Record<string, unknown>;
  on?: string;
  timeoutMs?: number;
}

export type ExecRequest = CommandRequest | SqlRequest | WaitRequest | ActionRequest;

// ---------------------------------------------------------------- step and run state

export type StepStatus =
  | { kind: 'pending' }
  | { kind: 'awaiting-gate'; gate: ResolvedGate; reason: 'gate' | 'interrupted'; rejected?: string }
  | { kind: 'awaiting-input'; errors?: Record<string, string> }
  | { kind: 'awaiting-manual' }
  | { kind: 'awaiting-interrupted' }
  | { kind: 'running'; attempt: number; startedAt: string }
  | { kind: 'succeeded'; attempt: number; finishedAt: string; durationMs: number; note?: string }
  /** `precondition`: the step never started: what it needs is not there (checked before its gate). */
  | { kind: 'failed'; attempt: number; finishedAt: string; durationMs: number; error: string; hint?: string; precondition?: true; runFirst?: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'interrupted'; attempt: number; startedAt: string };

/**
 * A stage a long action reported as done (`ActionContext.checkpoint`), with what it left
 * behind (a data directory, a port): on resume the action continues after the last one.
 */
export interface Checkpoint {
  name: string;
  attempt: number;
  at: string;
  outputs: Outputs;
}

export interface StepState {
  id: string;
  status: StepStatus;
  /** Attempts started so far (retries included). */
  attempts: number;
  /**
   * Attempts made in earlier visits, before an `on_failure: goto` brought the run back to this
   * step: retries are counted from here, while attempt numbers keep growing.
   */
  attemptsBefore?: number;
  outputs: Outputs;
  evidence: Evidence[];
  /**
   * Stages the step's unfinished work has reached, in order: kept across an interruption (a
   * crash, a signal) so that the next attempt continues after them; cleared when the step
   * finishes (success or failure: a retry starts afresh) and when a new visit enters it.
   */
  checkpoints?: Checkpoint[];
  /** The gate answer that let this step run, for the report. */
  approvedBy?: { by: string; at: string; via: 'flag' | 'tui' };
}

export type RunStatus =
  | { kind: 'running' }
  | { kind: 'awaiting'; stepId: string }
  | { kind: 'paused'; reason: PauseReason; stepId?: string }
  | { kind: 'failed'; stepId: string; error: string; hint?: string }
  | { kind: 'finished'; at: string }
  | { kind: 'aborted'; at: string; stepId?: string };

/** `state-home`: the state home could not be written (a full disk): the step was stopped. */
export const PAUSE_REASONS = ['operator', 'sigint', 'sigterm', 'sighup', 'gate', 'input', 'manual', 'interrupted', 'state-home'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** The signals that pause a run (README, exit codes): each is journaled by name. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface RunState {
  runId: string;
  runbook: Runbook;
  runbookHash: string;
  target: TargetView;
  params: Record<string, ParamValue>;
  startedAt: string;
  /** Step ids in runbook order. */
  order: string[];
  steps: Record<string, StepState>;
  /** Index into `order` of the step being worked on, or null when the run is over. */
  cursor: number | null;
  status: RunStatus;
  /** How many times each `goto` has jumped, to stop runaway loops. */
  jumps: number;
}

// ---------------------------------------------------------------- events (= journal lines)

interface At {
  at: string;
}

export type RunEvent =
  | (At & {
      type: 'run/started';
      runId: string;
      runbookId: string;
      runbookHash: string;
      target: TargetView;
      params: Record<string, ParamValue>;
      by: string;
      /** The drill this run is part of (`pitstop drill`): its id under `$PITSTOP_HOME/drills/`. */
      drill?: string;
    })
  | (At & { type: 'run/resumed'; by: string })
  | (At & {
      type: 'run/runbook-changed';
      /** Content hash of the edited runbook the run goes on with from here. */
      runbookHash: string;
      /** Its copy in the run directory (relative to it). */
      file: string;
      added: string[];
      removed: string[];
      changed: string[];
      /** New id → old id: the same step under another id, which keeps its state. */
      renamed: Record<string, string>;
      /** Added steps before the point the run had reached: not run retroactively. */
      skipped: string[];
      by: string;
    })
  | (At & { type: 'run/paused'; reason: PauseReason; stepId?: string; signal?: StopSignal })
  | (At & { type: 'run/finished'; status: 'succeeded' | 'failed' | 'aborted'; stepId?: string; error?: string; hint?: string })
  /** A `notify:` hook could not be told how the run ended (it changes nothing about the run). */
  | (At & { type: 'notify/failed'; event: string; hook: string; error: string })
  | (At & { type: 'step/started'; stepId: string; attempt: number; request?: ExecRequest })
  | (At & { type: 'step/output'; stepId: string; attempt: number; file: string; lines: number; bytes: number })
  /** What the step needs is not there (the runner's precheck, before its gate or its run): it fails unstarted. */
  | (At & { type: 'step/precondition-failed'; stepId: string; reason: string; hint?: string; runFirst?: string })
  /** A long action finished one of its stages (journaled by the runner, before the action goes on). */
  | (At & { type: 'step/checkpoint'; stepId: string; attempt: number; name: string; outputs?: Outputs })
  | (At & {
      type: 'step/finished';
      stepId: string;
      attempt: number;
      status: 'succeeded' | 'failed';
      durationMs: number;
      outputs?: Outputs;
      evidence?: Evidence[];
      error?: string;
      /**
       * What to do about `error` (an action's hint). Journals written before this field
       * existed have it joined into `error` as "message (hint)".
       */
      hint?: string;
      note?: string;
      by?: string;
    })
  | (At & {
      type: 'gate/answered';
      stepId: string;
      approved: boolean;
      by: string;
      via: 'flag' | 'tui';
      answer?: string;
    })
  | (At & { type: 'input/given'; stepId: string; values: Record<string, string>; by: string })
  | (At & {
      type: 'failure/resolved';
      stepId: string;
      choice: FailureChoice;
      by: string;
      note?: string;
    })
  | (At & {
      type: 'interrupted/resolved';
      stepId: string;
      choice: 'mark-done' | 'rerun' | 'abort';
      by: string;
      note?: string;
    });

export type RunEventType = RunEvent['type'];
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

// ---------------------------------------------------------------- effects

/** A short, exact description of what a step will do, for gates and dry runs. */
export interface Preview {
  /** e.g. `command`, `sql (read only) on orquix`, `action postgres.pitr` */
  summary: string;
  /** The exact argv, query with its bound values, or action arguments, one line each. */
  lines: string[];
  /** What the step will touch: target name and whether it writes. */
  touches: { target: string; writes: boolean };
}

/** What the operator may do about a step that failed and stopped the run. */
export type FailureChoice = 'retry' | 'skip' | 'abort';

export type Effect =
  | {
      type: 'execute';
      stepId: string;
      attempt: number;
      delayMs: number;
      request: ExecRequest;
      preview: Preview;
      /** Stages an interrupted attempt already finished: the action continues after them. */
      stagesDone?: Checkpoint[];
    }
  | { type: 'ask-gate'; stepId: string; gate: ResolvedGate; reason: 'gate' | 'interrupted'; preview: Preview | null; rejected?: string }
  | { type: 'ask-input'; stepId: string; params: Record<string, ParamSpec>; errors?: Record<string, string> }
  | { type: 'ask-manual'; stepId: string; title: string; body?: string }
  /** `reached`: the last stage the interrupted action finished; running it again continues from there. */
  | { type: 'ask-interrupted'; stepId: string; repeatable: boolean; rerunPhrase: string; reached?: string }
  /** A step failed with no retry left and `on_failure: stop`: the choices the engine allows. */
  | { type: 'ask-failure'; stepId: string; error: string; hint?: string; choices: FailureChoice[] }
  /** The run is over: finished, or aborted by the operator (a failure asks first: ask-failure). */
  | { type: 'run-over'; status: 'succeeded' | 'aborted'; stepId?: string };

export interface Transition {
  state: RunState;
  effects: Effect[];
  /**
   * Set when the event does not fit the state (an unknown step, a step/finished for a step
   * that is not running, an answer nobody asked for): the state is unchanged and the reason
   * is here. Replay turns it into an error naming the journal line; the runner never
   * journals such an event.
   */
  misfit?: string;
}
