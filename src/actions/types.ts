import type { z } from 'zod';
import type { Target } from '../config/schema.js';
import type { Evidence, Outputs, TargetView } from '../engine/types.js';
import type { CommandExecutor, SqlExecutor } from '../executors/types.js';

/**
 * A built-in action (product spec §7). Definitions are data plus two functions: `describe`
 * is pure (used by the engine for gates and dry runs), `run` acts at the edge.
 * Heavy modules (database drivers, execa) are imported inside `run`, so that `lint` and
 * `list` stay fast.
 */
export interface ActionDefinition<Args = Record<string, unknown>> {
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
  describe(args: Args, target: TargetView): string[];
  run(args: Args, ctx: ActionContext): Promise<ActionOutcome>;
}

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
}
