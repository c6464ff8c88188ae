import type { z } from 'zod';
import type { Target, TargetConfig } from '../config/schema.js';
import type { Evidence, Outputs } from '../engine/types.js';
import type { CommandExecutor, SqlExecutor } from '../executors/types.js';

/**
 * What an action's `describe` may read of its target: the fields of `pitstop.yaml` without the
 * secrets (`auth_token`, whatever the URL carries is redacted where it is shown), typed.
 */
export type ActionTargetView = { name: string; engine: TargetConfig['engine'] } & Partial<Omit<TargetConfig, 'auth_token' | 'engine'>>;

/**
 * A built-in action's spec (docs/runbooks.md, actions): pure data and a pure `describe`, used by the
 * engine (gates, previews, dry runs), lint, list and schema. A spec module imports zod and pure
 * helpers only; what the action does lives in its implementation module, which the registry
 * loads lazily (`load()`) when the runner reaches the step.
 */
export interface ActionSpec<Args = Record<string, unknown>> {
  name: string;
  engine: 'postgres' | 'libsql' | 'any';
  summary: string;
  /** Validates and types the step's `with:` (after templates are rendered). */
  args: z.ZodType<Args>;
  /** Writes to the target itself (production): the step gets a typed gate. */
  destructive: boolean;
  /** Changes something somewhere (a file, a scratch server) even if not the target. */
  writes: boolean;
  /** Repeatable after a crash without harm. */
  repeatable: boolean;
  /** The exact operations it will perform, one line each, for gates and `--dry-run`. */
  describe(args: Args, target: ActionTargetView): string[];
  /**
   * What the step changes, when it is not the target itself (a restored copy, a scratch
   * database, a new file): the gate's "touches" line and question name it. Default: the target.
   */
  touches?(args: Args, target: ActionTargetView): string;
  /**
   * What the action needs to find before it can run (e.g. "a verified snapshot of the
   * target"), when its implementation has a `precheck`: the runner checks it before the
   * step's gate is asked, so the operator learns it is missing before approving anything.
   */
  needs?: string;
  /**
   * What a successful run of the action leaves for later steps, in the words of the `needs`
   * it satisfies (e.g. a verified snapshot): a run whose earlier step provides what a later
   * step needs does not check it before step 1.
   */
  provides?: string[];
}

/** Why a step cannot run yet, and how to provide what is missing. */
export interface Precondition {
  reason: string;
  hint?: string;
  /** The runbook that provides what is missing (e.g. `libsql-backup`): offered as a choice on screen. */
  runFirst?: string;
}

/** What a precheck may read: the target's configuration (read only, quickly, changing nothing). */
export interface PrecheckContext {
  target: Target;
}

/** What an action does, at the edge: the body of its implementation module. */
export interface ActionImplementation<Args = Record<string, unknown>> {
  run(args: Args, ctx: ActionContext): Promise<ActionOutcome>;
  /** Whether what the spec `needs` is there, read-only and cheap: null when it is, else why not. */
  precheck?(args: Args, ctx: PrecheckContext): Promise<Precondition | null>;
}

/** A whole action, spec and implementation: what an implementation module exports (and tests import). */
export interface ActionDefinition<Args = Record<string, unknown>> extends ActionSpec<Args>, ActionImplementation<Args> {}

export interface ActionOutcome {
  outputs: Outputs;
  evidence?: Evidence[];
  /** A database made by this action (a restored copy) that later steps reach with `on: restored`. */
  restored?: { engine: 'postgres' | 'libsql'; url: string; authToken?: string };
}

export interface ActionContext {
  target: Target;
  runId: string;
  runDir: string;
  stepId: string;
  signal: AbortSignal;
  /** One line of progress to the live view and the step's log (it is redacted there). */
  log(line: string): void;
  commands: CommandExecutor;
  /** SQL against the target (`target.name`) or the restored copy (`restored`). */
  sql(on: string): Promise<SqlExecutor>;
  /**
   * The stages an interrupted earlier attempt of this step finished (name → the outputs it
   * recorded), in the order they were reached: continue after the last one, after checking
   * that what it left is still there. Empty on a fresh start (and on a retry after a failure).
   */
  done: ReadonlyMap<string, Outputs>;
  /**
   * Records that a stage is done, with what a continuation needs (a directory, a port): the
   * runner journals it (flushed) before the promise resolves, so a crash after it resumes
   * after this stage. Names are unique within a step; never write secrets into `outputs`.
   */
  checkpoint(name: string, outputs?: Outputs): Promise<void>;
}
