import { relative } from 'node:path';
import { endingOf, type Ending } from '../engine/ending.js';
import { judge } from '../engine/judge.js';
import { isOver } from '../engine/state.js';
import { transition } from '../engine/transition.js';
import type { Effect, Outputs, RunEvent, RunState, Transition } from '../engine/types.js';
import { BugError } from '../errors.js';
import type { OutputStream } from '../executors/types.js';
import { stepLogPath } from '../journal/paths.js';
import type { Redactor } from '../util/redact.js';
import { executeRequest, type ExecuteDeps } from './execute.js';
import type { Operator } from './operator.js';
import { StepLog } from './step-log.js';
import { precheckStep, wantsPrecheck } from './precheck.js';
import { isStopSignal, pausedBy } from './stop-signals.js';

/** What the loop reports to whoever is watching (plain lines, NDJSON, the TUI). */
export interface RunObserver {
  event(event: RunEvent, state: RunState): void;
  output(stepId: string, line: string, stream: OutputStream): void;
}

export interface LoopDeps extends ExecuteDeps {
  journal: { append(event: RunEvent): void };
  operator: Operator;
  observer: RunObserver;
  redactor: Redactor;
  /**
   * Aborted on a stop signal (the reason is its name, e.g. `'SIGTERM'`) or when the operator
   * pauses (reason `'operator'`): the running step is stopped.
   */
  signal: AbortSignal;
  clock(): Date;
}

/** Where the loop left the run, and how it ended (status, exit code, next command: `endingOf`). */
export interface RunOutcome {
  state: RunState;
  ending: Ending;
}

/**
 * The runner loop: take the next effect, journal the event that announces it (flushed to
 * disk first), do it at the edge, feed the resulting event back through `transition`.
 * Nothing here decides what happens next; the engine does.
 */
export async function drive(start: Transition, deps: LoopDeps): Promise<RunOutcome> {
  let state = start.state;
  const queue: Effect[] = [...start.effects];

  const apply = (event: RunEvent): void => {
    const next = fitting(state, event);
    deps.journal.append(event);
    state = next.state;
    queue.push(...next.effects);
    // Observers print: they get the event as the journal has it, secrets masked.
    deps.observer.event(deps.redactor.deep(event), state);
  };
  const at = (): string => deps.clock().toISOString();
  const outcome = (): RunOutcome => ({ state, ending: endingOf(state) });

  // Once the engine has ended or failed the run, that is journaled even if a pause came at that
  // moment: a failed run cannot be paused, it ends failed (resumable).
  const pauseNow = () => deps.signal.aborted && queue[0]?.type !== 'run-over' && queue[0]?.type !== 'ask-failure';
  while (queue.length > 0) {
    if (pauseNow()) return pause(apply, at, () => state, deps.signal.reason);
    const effect = queue.shift()!;
    if (wantsPrecheck(effect, state)) {
      const missing = await precheckStep(state, effect.stepId, deps.target);
      if (missing) {
        const { reason, hint, runFirst } = missing;
        apply({ type: 'step/precondition-failed', at: at(), stepId: effect.stepId, reason, ...(hint ? { hint } : {}), ...(runFirst ? { runFirst } : {}) });
        continue;
      }
    }
    switch (effect.type) {
      case 'execute': {
        if (effect.delayMs > 0) await deps.sleep(effect.delayMs, deps.signal);
        if (deps.signal.aborted) return pause(apply, at, () => state, deps.signal.reason);
        await executeStep(effect, apply, at, () => state, deps);
        if (pauseNow()) return pause(apply, at, () => state, deps.signal.reason);
        break;
      }
      case 'ask-gate': {
        const answer = await deps.operator.gate(effect);
        if (answer === 'stop') return stop(apply, at, () => state, 'gate', effect);
        apply({ type: 'gate/answered', at: at(), stepId: effect.stepId, by: deps.operator.user, ...answer });
        break;
      }
      case 'ask-input': {
        const values = await deps.operator.input(effect);
        if (values === 'stop') return stop(apply, at, () => state, 'input', effect);
        // A secret typed now must be masked before the event that carries it is journaled.
        for (const [name, spec] of Object.entries(effect.params)) {
          if (spec.type === 'secret' && values[name]) deps.redactor.add(values[name]);
        }
        apply({ type: 'input/given', at: at(), stepId: effect.stepId, values, by: deps.operator.user });
        break;
      }
      case 'ask-manual': {
        const done = await deps.operator.manual(effect);
        if (done === 'stop') return stop(apply, at, () => state, 'manual', effect);
        const now = at();
        apply({ type: 'step/started', at: now, stepId: effect.stepId, attempt: 1 });
        apply({
          type: 'step/finished',
          at: now,
          stepId: effect.stepId,
          attempt: 1,
          status: 'succeeded',
          durationMs: 0,
          by: deps.operator.user,
          ...(done.note ? { note: done.note } : {}),
        });
        break;
      }
      case 'ask-interrupted': {
        const choice = await deps.operator.interrupted(effect);
        if (choice === 'stop') return stop(apply, at, () => state, 'interrupted', effect);
        apply({ type: 'interrupted/resolved', at: at(), stepId: effect.stepId, by: deps.operator.user, ...choice });
        break;
      }
      case 'ask-failure': {
        // Under a pause or a signal nobody is left to answer: the run ends failed there.
        const answer = deps.signal.aborted ? 'stop' : await deps.operator.failure(effect);
        if (answer === 'stop') {
          apply({ type: 'run/finished', at: at(), status: 'failed', stepId: effect.stepId, error: effect.error, ...(effect.hint ? { hint: effect.hint } : {}) });
          return outcome();
        }
        apply({ type: 'failure/resolved', at: at(), stepId: effect.stepId, by: deps.operator.user, ...answer });
        break;
      }
      case 'run-over': {
        apply({ type: 'run/finished', at: at(), status: effect.status, ...(effect.stepId ? { stepId: effect.stepId } : {}) });
        return outcome();
      }
    }
  }
  // Nothing left to do. A pause that came as the last step was being stopped is journaled
  // (that step never finished). Otherwise the state says how the run ended: paused by the
  // engine (a gate declined at the keyboard), over, or, when the engine still has work, a
  // bug that `endingOf` reports as such: never a success.
  if (deps.signal.aborted && !isOver(state) && state.status.kind !== 'paused') return pause(apply, at, () => state, deps.signal.reason);
  return outcome();
}

/**
 * The transition for an event the runner is about to journal. An event that does not fit the
 * state is a defect of the runner: it is never written, since replay would refuse the journal.
 */
export function fitting(state: RunState, event: RunEvent): Transition {
  const next = transition(state, event);
  if (next.misfit !== undefined) throw new BugError(`refusing to journal an event that does not fit the run: ${next.misfit}`);
  return next;
}

async function executeStep(
  effect: Extract<Effect, { type: 'execute' }>,
  apply: (event: RunEvent) => void,
  at: () => string,
  current: () => RunState,
  deps: LoopDeps,
): Promise<void> {
  const step = current().runbook.steps.find((s) => s.id === effect.stepId)!;
  const started = deps.now();
  apply({ type: 'step/started', at: at(), stepId: step.id, attempt: effect.attempt, request: effect.request });

  // A step log that cannot be written (a full disk) stops the step: its output must not be lost unseen.
  const logFailed = new AbortController();
  const log = new StepLog(stepLogPath(deps.runDir, step.id, effect.attempt), () => logFailed.abort('state-home'), deps.runId);
  const onOutput = (line: string, stream: OutputStream): void => {
    const clean = deps.redactor.text(line);
    log.write(clean, stream);
    deps.observer.output(step.id, clean, stream);
  };
  let result;
  try {
    const stages = {
      done: effect.stagesDone ?? [],
      record: (name: string, outputs: Outputs) => apply({ type: 'step/checkpoint', at: at(), stepId: step.id, attempt: effect.attempt, name, outputs }),
    };
    if (!log.failure) result = await executeRequest(step, effect.request, deps, { signal: AbortSignal.any([deps.signal, logFailed.signal]), onOutput }, stages);
  } finally {
    log.close();
  }
  if (log.failure) stopForStateHome(apply, at, step.id, log.failure);
  // A step cut short by SIGINT or a pause is left without step/finished: on resume it is
  // interrupted, and only the operator decides whether it may run again.
  if (deps.signal.aborted) return;

  if (log.lines > 0) {
    apply({
      type: 'step/output',
      at: at(),
      stepId: step.id,
      attempt: effect.attempt,
      file: relative(deps.runDir, log.file),
      lines: log.lines,
      bytes: log.bytes,
    });
  }
  const verdict = judge(step, effect.request, result!);
  apply({
    type: 'step/finished',
    at: at(),
    stepId: step.id,
    attempt: effect.attempt,
    status: verdict.status,
    durationMs: Math.max(0, Math.round(deps.now() - started)),
    outputs: verdict.outputs,
    evidence: verdict.evidence,
    ...(verdict.error ? { error: verdict.error } : {}),
    ...(verdict.hint ? { hint: verdict.hint } : {}),
  });
}

function stop(
  apply: (event: RunEvent) => void,
  at: () => string,
  current: () => RunState,
  reason: 'gate' | 'input' | 'manual' | 'interrupted',
  ask: Extract<Effect, { stepId: string }>,
): RunOutcome {
  apply({ type: 'run/paused', at: at(), reason, stepId: ask.stepId });
  return { state: current(), ending: endingOf(current()) };
}

function pause(
  apply: (event: RunEvent) => void,
  at: () => string,
  current: () => RunState,
  why: unknown,
): RunOutcome {
  return pausedOutcome(apply, at(), current, why);
}

/**
 * Journals the pause for an abort reason: `'operator'` is a pause at the keyboard; anything
 * else is a signal, journaled by name (the ending's exit code follows from it).
 */
function pausedOutcome(apply: (event: RunEvent) => void, at: string, current: () => RunState, why: unknown): RunOutcome {
  if (why === 'operator') apply({ type: 'run/paused', at, reason: 'operator' });
  else apply({ type: 'run/paused', at, ...pausedBy(isStopSignal(why) ? why : 'SIGINT') });
  return { state: current(), ending: endingOf(current()) };
}

/**
 * The state home failed under a running step: the step was stopped and the run pauses. If
 * even `run/paused` cannot be journaled, the journal stays as it is (the step reads as
 * interrupted on resume); either way the operator gets the one message that says why.
 */
function stopForStateHome(apply: (event: RunEvent) => void, at: () => string, stepId: string, failure: unknown): never {
  try {
    apply({ type: 'run/paused', at: at(), reason: 'state-home', stepId });
  } catch {
    // the disk is still full: the journal ends at step/started, which resume handles
  }
  throw failure;
}
