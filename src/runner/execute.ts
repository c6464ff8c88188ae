import { getAction } from '../actions/registry.js';
import type { ActionContext, ActionOutcome } from '../actions/types.js';
import type { Target } from '../config/schema.js';
import { judge } from '../engine/judge.js';
import type { Checkpoint, ExecRequest, Outputs, Step, WaitRequest } from '../engine/types.js';
import { PitstopError } from '../errors.js';
import type { CommandExecutor, CommandResult, ExecContext, ExecResult, SqlExecutor } from '../executors/types.js';
import type { Redactor } from '../util/redact.js';
import { secretValueProblem } from '../util/secret-rule.js';

/** The databases a run can reach: its target, and a restored copy once an action made one. */
export interface Connections {
  sql(on: string): Promise<SqlExecutor>;
  registerRestored(restored: NonNullable<ActionOutcome['restored']>): void;
  close(): Promise<void>;
}

export interface ExecuteDeps {
  target: Target;
  runId: string;
  runDir: string;
  commands: CommandExecutor;
  connections: Connections;
  /** The run's redactor: what a command with `secretOutput` prints is added to it. */
  redactor: Redactor;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

/**
 * The stages of a long action: those an interrupted attempt finished, and how a new one is
 * recorded (the loop journals it as `step/checkpoint`).
 */
export interface Stages {
  done: Checkpoint[];
  record(name: string, outputs: Outputs): void;
}

const NO_STAGES: Stages = {
  done: [],
  record: () => undefined,
};

/**
 * Test-only hook, for the crash tests: `PITSTOP_TEST_PAUSE_AFTER_CHECKPOINT=NAME` makes an
 * action wait, right after its stage NAME is journaled, until the step is stopped (or the
 * process killed), so that a test can kill pitstop exactly there.
 */
export const PAUSE_AFTER_CHECKPOINT_ENV = 'PITSTOP_TEST_PAUSE_AFTER_CHECKPOINT';

/** Runs one request at the edge and returns what happened; judging it is the engine's job. */
export async function executeRequest(
  step: Step,
  request: ExecRequest,
  deps: ExecuteDeps,
  ctx: ExecContext,
  stages: Stages = NO_STAGES,
): Promise<ExecResult> {
  switch (request.kind) {
    case 'command':
      return deps.commands.run(request, ctx);
    case 'sql':
      return runSql(request.on, deps, (executor) => executor.run(request, ctx));
    case 'wait':
      return waitUntil(step, request, deps, ctx);
    case 'action':
      return runAction(step, request.action, request.with, deps, ctx, stages);
  }
}

async function runSql(
  on: string,
  deps: ExecuteDeps,
  run: (executor: SqlExecutor) => Promise<ExecResult>,
): Promise<ExecResult> {
  try {
    return await run(await deps.connections.sql(on));
  } catch (error) {
    return { kind: 'sql', columns: [], rows: [], rowCount: 0, ...failureOf(error), timedOut: false };
  }
}

/** Repeats the probe until the step's expectations pass or the time runs out. */
async function waitUntil(step: Step, request: WaitRequest, deps: ExecuteDeps, ctx: ExecContext): Promise<ExecResult> {
  const deadline = deps.now() + request.timeoutMs;
  let tries = 0;
  for (;;) {
    tries += 1;
    const result =
      request.probe.kind === 'command'
        ? await deps.commands.run(request.probe, ctx)
        : await runSql(request.probe.on, deps, (executor) => executor.run(request.probe as never, ctx));
    const verdict = judge(step, request.probe, result);
    if (verdict.status === 'succeeded' || ctx.signal.aborted) return result;
    const remaining = deadline - deps.now();
    if (remaining <= 0) {
      ctx.onOutput?.(`still failing after ${tries} tries: ${verdict.error ?? 'expectation not met'}`, 'stderr');
      return result;
    }
    ctx.onOutput?.(`not yet (${verdict.error ?? 'expectation not met'}); trying again in ${request.intervalMs} ms`, 'stdout');
    await deps.sleep(Math.min(request.intervalMs, remaining), ctx.signal);
  }
}

async function runAction(
  step: Step,
  name: string,
  args: Record<string, unknown>,
  deps: ExecuteDeps,
  ctx: ExecContext,
  stages: Stages,
): Promise<ExecResult> {
  const action = getAction(name);
  if (!action) return { kind: 'action', ok: false, outputs: {}, evidence: [], error: `unknown action ${name}` };
  const actionCtx: ActionContext = {
    target: deps.target,
    runId: deps.runId,
    runDir: deps.runDir,
    stepId: step.id,
    signal: ctx.signal,
    log: (line) => ctx.onOutput?.(line, 'stdout'),
    // Output of commands an action runs goes to the step's live view and log once, through
    // the step's own onOutput; the action may listen too (to parse progress, say).
    commands: {
      run: async (request, inner) => {
        if (inner.secretOutput) return learnSecrets(await deps.commands.run(request, { signal: inner.signal, secretOutput: true }), deps.redactor);
        return deps.commands.run(request, {
          signal: inner.signal,
          onOutput: (line, stream) => {
            ctx.onOutput?.(line, stream);
            inner.onOutput?.(line, stream);
          },
        });
      },
    },
    sql: (on) => deps.connections.sql(on),
    done: new Map(stages.done.map((c) => [c.name, c.outputs])),
    checkpoint: async (stage, outputs = {}) => {
      stages.record(stage, outputs);
      if (process.env[PAUSE_AFTER_CHECKPOINT_ENV] === stage) await heldUntilStopped(ctx.signal, stage);
    },
  };
  try {
    // The implementation (drivers, execa) is imported here, when a step first needs it.
    const run = await action.load();
    const outcome = await run(action.args.parse(args), actionCtx);
    if (!outcome.restored) return { kind: 'action', ok: true, outputs: outcome.outputs, evidence: outcome.evidence ?? [] };
    deps.connections.registerRestored(outcome.restored);
    // Journaled (without its token) so that a resumed run can reach the copy again.
    const restored = { engine: outcome.restored.engine, url: outcome.restored.url };
    return { kind: 'action', ok: true, outputs: { ...outcome.outputs, restored }, evidence: outcome.evidence ?? [] };
  } catch (error) {
    return { kind: 'action', ok: false, outputs: {}, evidence: [], ...failureOf(error) };
  }
}

/** The test hook's wait: it ends only by the step being stopped, and then the action must not go on. */
function heldUntilStopped(signal: AbortSignal, stage: string): Promise<never> {
  const stopped = () => new Error(`stopped while held after stage ${stage} (${PAUSE_AFTER_CHECKPOINT_ENV})`);
  return new Promise((_resolve, reject) => (signal.aborted ? reject(stopped()) : signal.addEventListener('abort', () => reject(stopped()), { once: true })));
}

/**
 * A command with `secretOutput` printed a credential (a token it created): every line of its
 * stdout is masked from now on, before the action can log, return or fail with any of it.
 */
function learnSecrets(result: CommandResult, redactor: Redactor): CommandResult {
  const lines = result.stdout.split('\n').map((l) => l.trim());
  redactor.add(...lines.filter((l) => secretValueProblem(l) === null));
  return result;
}

/** The message of what an action threw, and its hint as a field of its own. */
function failureOf(error: unknown): { error: string; hint?: string } {
  if (error instanceof PitstopError) return { error: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { error: error instanceof Error ? error.message : String(error) };
}
