import { ConfigError, UsageError, type Location } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';
import { advanceFrom } from './advance.js';
import { onGateAnswered, onInputGiven, onInterruptedResolved } from './on-answer.js';
import { onFailureResolved } from './on-failure.js';
import { onPreconditionFailed } from './on-precheck.js';
import { onRunFinished, onRunPaused, onRunResumed } from './on-run.js';
import { onStepCheckpoint, onStepFinished, onStepOutput, onStepStarted } from './on-step.js';
import { changeRunbook } from './runbook-change.js';
import { misfit } from './state.js';
import type { EventOf, RunEvent, RunState, StepState, Transition } from './types.js';

export { pendingEffects } from './effects.js';

/**
 * The first transition of a run: every step pending, the cursor on the first one, then the
 * walk forward to the first step that needs something.
 */
export function startRun(runbook: Runbook, event: EventOf<'run/started'>): Transition {
  const steps: Record<string, StepState> = {};
  for (const step of runbook.steps) steps[step.id] = { id: step.id, status: { kind: 'pending' }, attempts: 0, outputs: {}, evidence: [] };
  const state: RunState = {
    runId: event.runId,
    runbook,
    runbookHash: event.runbookHash,
    target: event.target,
    params: event.params,
    startedAt: event.at,
    order: runbook.steps.map((s) => s.id),
    steps,
    cursor: 0,
    status: { kind: 'running' },
    jumps: 0,
  };
  return advanceFrom(state, 0, event.at);
}

/**
 * The engine: a pure function of the state and one event (a journal line) to the next state
 * and the effects to carry out. It never reads the clock (times come in events), never does
 * I/O and never mutates its input.
 *
 * An event that does not fit the state (an answer for a step that is not waiting for one, an
 * unknown step, a step event after the run is over, a second `run/started`) leaves the state
 * unchanged, asks for nothing and says why in `misfit`: `replay` refuses such a journal and
 * the runner never journals such an event. `run/runbook-changed` needs the edited runbook
 * itself, so it goes through `changeRunbook` (replay does that); here it fits only once applied.
 */
export function transition(state: RunState, event: RunEvent): Transition {
  switch (event.type) {
    case 'run/started':
      return misfit(state, 'a second run/started in the same journal');
    case 'run/runbook-changed':
      return state.runbookHash === event.runbookHash
        ? { state, effects: [] }
        : misfit(state, 'run/runbook-changed: the edited runbook must be given (changeRunbook)');
    case 'step/output':
      return onStepOutput(state, event);
    case 'step/checkpoint':
      return onStepCheckpoint(state, event);
    case 'step/precondition-failed':
      return onPreconditionFailed(state, event);
    case 'run/resumed':
      return onRunResumed(state, event);
    case 'run/paused':
      return onRunPaused(state, event);
    case 'run/finished':
      return onRunFinished(state, event);
    case 'notify/failed':
      // A webhook that could not be told: on record, and nothing about the run changes.
      return { state, effects: [] };
    case 'step/started':
      return onStepStarted(state, event);
    case 'step/finished':
      return onStepFinished(state, event);
    case 'gate/answered':
      return onGateAnswered(state, event);
    case 'input/given':
      return onInputGiven(state, event);
    case 'interrupted/resolved':
      return onInterruptedResolved(state, event);
    case 'failure/resolved':
      return onFailureResolved(state, event);
  }
}

export interface ReplayOptions {
  /** The runbook each `run/runbook-changed` went on with, by its hash. */
  runbookFor?: (hash: string) => Runbook | undefined;
  /** Where event `index` is written (file and line), for the error about a misfit. */
  locate?: (index: number) => Location | undefined;
}

/**
 * Folds a whole journal, strictly: `startRun` on the first event (which must be
 * `run/started`), then `transition` on each of the rest (`changeRunbook` for an accepted
 * edit). An event that does not fit is a ConfigError naming its line, never skipped: replaying
 * around it could repeat or skip a step. Returns the last transition; its effects are what the
 * last event asked for (after a crash, feed `run/resumed` to get what is pending now).
 */
export function replay(runbook: Runbook, events: RunEvent[], opts: ReplayOptions = {}): Transition {
  const [first, ...rest] = events;
  if (!first || first.type !== 'run/started') {
    throw new UsageError('this journal does not start with run/started', { hint: 'The run directory is damaged; see `pitstop runs`.' });
  }
  let current = startRun(runbook, first);
  rest.forEach((event, i) => {
    const edited = event.type === 'run/runbook-changed' ? opts.runbookFor?.(event.runbookHash) : undefined;
    const next = event.type === 'run/runbook-changed' && edited ? changeRunbook(current.state, edited, event) : transition(current.state, event);
    if (next.misfit !== undefined) {
      const location = opts.locate?.(i + 1);
      throw new ConfigError(`the journal does not fit the run at ${location?.line ? `line ${location.line}` : `event ${i + 2}`}: ${next.misfit}`, {
        ...(location ? { location } : {}),
        hint: 'The journal was changed or damaged after it was written; a resume could repeat or skip a step. Keep the run directory for the record and start a new run.',
      });
    }
    current = next;
  });
  return current;
}
