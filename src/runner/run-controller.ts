import { previewHints } from '../engine/effects.js';
import { previewRequest } from '../engine/preview.js';
import { endingOf } from '../engine/ending.js';
import type { FailureChoice, RunState } from '../engine/types.js';
import { stepLogPath } from '../journal/paths.js';
import { LineRing } from './line-ring.js';
import { drive, type RunObserver, type RunOutcome } from './loop.js';
import type { Operator } from './operator.js';
import { doneItemOf, withHint, type DoneItem, type LiveStep, type RunEnd, type RunPhase, type RunView, type Tail } from './run-view.js';
import type { RunSession } from './session.js';
import type { StopSignal } from './stop-signals.js';
import { createTuiOperator, type AskEffect } from './tui-operator.js';

export type { DoneItem, LiveStep, RunEnd, RunPhase, RunView, ScreenAsk, Tail } from './run-view.js';
export type { AskEffect } from './tui-operator.js';

export interface RunControllerOptions {
  /** The user named in journaled answers. */
  user: string;
  /** At most one redraw for output per this many milliseconds (default 80). */
  throttleMs?: number;
  /** Output lines kept for the live view (default 200). */
  tailLines?: number;
  /** Around the screen's answers: a drill's application pauses when a manual step says so. */
  wrapOperator?: (operator: Operator) => Operator;
}

/** What the screen can do to a run; every method is safe to call at any time. */
export interface RunActions {
  gate(approved: boolean, answer?: string): void;
  input(values: Record<string, string>): void;
  manual(note?: string): void;
  interrupted(choice: 'mark-done' | 'rerun' | 'abort', note?: string): void;
  failure(choice: FailureChoice): void;
  /** `q`: pause now, or ask first when a step is running. */
  requestPause(): void;
  confirmPause(yes: boolean): void;
  /** Ctrl+C (or SIGINT): like `q`; the second one forces the exit. */
  interrupt(): void;
  /**
   * SIGTERM, a closed terminal (SIGHUP), a second Ctrl+C: stop the step and leave at once,
   * journaled as a pause by that signal (exit 128 + its number; SIGINT by default).
   */
  forceStop(signal?: StopSignal): void;
}

/**
 * The bridge between the runner loop and the screen, outside React: drives the run with an
 * operator whose questions the screen answers, and keeps a small store of what to show
 * (read with `subscribe`/`getSnapshot`, made for `useSyncExternalStore`).
 */
export interface RunController extends RunActions {
  subscribe(listener: () => void): () => void;
  getSnapshot(): RunView;
  /** Drives the run until it ends, pauses or is forced out. Call once. */
  run(): Promise<RunEnd>;
}

export function createRunController(session: RunSession, opts: RunControllerOptions): RunController {
  const throttleMs = opts.throttleMs ?? 80;
  const abort = new AbortController();
  const listeners = new Set<() => void>();
  const redact = session.redactor;

  let state: RunState = session.start.state;
  let phase: RunPhase = { kind: 'starting' };
  let live: LiveStep | null = null;
  let recent: LiveStep | null = null;
  // The last lines of each step's latest attempt; a Tail is rebuilt only when its ring changed.
  const rings = new Map<string, { attempt: number; lines: LineRing; tail: Tail | null }>();
  const done: DoneItem[] = [];
  const seen = new Set<string>();
  let confirmPause = false;
  let pausing = false;
  let forced: StopSignal | null = null;
  let interrupts = 0;
  const tui = createTuiOperator(opts.user, (ask) => {
    phase = ask ? phaseOf(redact.deep(ask) as AskEffect) : { kind: 'working' };
    changed(true);
  });

  // ------------------------------------------------------------------ the store
  let snapshot: RunView;
  let stateDirty = true;
  let redactedState: RunState = state;
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;

  function build(): RunView {
    if (stateDirty) {
      redactedState = redact.deep(state);
      stateDirty = false;
    }
    const tails: Record<string, Tail> = {};
    for (const [stepId, ring] of rings) {
      ring.tail ??= { stepId, attempt: ring.attempt, lines: ring.lines.toArray(), total: ring.lines.total };
      tails[stepId] = ring.tail;
    }
    const log = logOf();
    return {
      runId: session.runId,
      runDir: session.runDir,
      state: redactedState,
      phase,
      live,
      recent,
      tail: log ? (tails[log.stepId] ?? null) : null,
      tails,
      done: [...done],
      log,
      confirmPause,
      pausing,
      forced: forced !== null,
    };
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    timer = null;
    immediate = null;
    snapshot = build();
    for (const listener of [...listeners]) listener();
  }

  /** Output is batched (at most one redraw per throttle period); anything else is shown next tick. */
  function changed(urgent: boolean): void {
    if (urgent) {
      if (!immediate) immediate = setImmediate(flush);
    } else if (!timer && !immediate) {
      timer = setTimeout(flush, throttleMs);
    }
  }

  function logOf(): RunView['log'] {
    const stepId = live?.stepId ?? (phase.kind === 'failed' ? phase.stepId : done.at(-1)?.stepId);
    if (!stepId) return null;
    const attempt = live?.stepId === stepId ? live.attempt : (state.steps[stepId]?.attempts ?? 0);
    if (attempt < 1) return null;
    return { stepId, attempt, file: stepLogPath(session.runDir, stepId, attempt) };
  }

  function collectDone(): void {
    for (const id of state.order) {
      const stepState = state.steps[id];
      const item = stepState ? doneItemOf(state, stepState) : null;
      if (!item || seen.has(item.key)) continue;
      seen.add(item.key);
      done.push(redact.deep(item));
    }
  }

  // ------------------------------------------------------------------ what the loop tells us
  const observer: RunObserver = {
    event(event, next) {
      state = next;
      stateDirty = true;
      if (event.type === 'step/started' && event.request) {
        const step = next.runbook.steps.find((s) => s.id === event.stepId);
        const preview = previewRequest(event.request, next.target, step ? previewHints(step) : {});
        live = { stepId: event.stepId, attempt: event.attempt, preview: redact.deep(preview), startedAt: Date.parse(event.at) };
        recent = live;
        rings.set(event.stepId, { attempt: event.attempt, lines: new LineRing(opts.tailLines ?? 200), tail: null });
      }
      if (event.type === 'step/finished') live = null;
      collectDone();
      changed(true);
    },
    output(stepId, line, stream) {
      const ring = rings.get(stepId);
      if (!ring) return;
      ring.lines.push(stream === 'stderr' ? `! ${line}` : line);
      ring.tail = null;
      changed(false);
    },
  };
  collectDone();
  snapshot = build();

  // ------------------------------------------------------------------ driving
  async function run(): Promise<RunEnd> {
    const deps = session.deps(opts.wrapOperator ? opts.wrapOperator(tui.operator) : tui.operator, observer, abort.signal);
    let outcome: RunOutcome | null = null;
    let failure: unknown;
    phase = { kind: 'working' };
    changed(true);
    try {
      outcome = await drive(session.start, deps);
      state = outcome.state;
      stateDirty = true;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // Forced out (a second Ctrl+C, SIGTERM, SIGHUP): the exit code is that signal's.
      const end = endingOf(outcome?.state ?? state, forced ?? undefined);
      // The notify: hooks hear how it ended; one that cannot be told is journaled (the report shows it).
      if (failure === undefined) await session.announceEnd(end).catch(() => undefined);
      // After a state-home failure (a full disk) the index may fail too: the first error is the one to tell.
      await session.finish(end.status).catch((error: unknown) => {
        if (failure === undefined) throw error;
      });
      live = null;
      phase = { kind: 'over', end };
      flush();
    }
    return (phase as Extract<RunPhase, { kind: 'over' }>).end;
  }

  function pauseNow(): void {
    confirmPause = false;
    pausing = true;
    if (!abort.signal.aborted) abort.abort('operator');
    tui.stop();
    changed(true);
  }

  /** Leave now: the running step is stopped, the pause journaled with the signal. */
  function forceStop(signal: StopSignal = 'SIGINT'): void {
    forced ??= signal;
    if (!abort.signal.aborted) abort.abort(signal);
    tui.stop();
    changed(true);
  }

  function requestPause(): void {
    if (phase.kind === 'over' || pausing) return;
    if (live && !confirmPause) {
      confirmPause = true;
      changed(true);
    } else pauseNow();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    run,
    gate: (approved, answer) => void tui.gate(approved, answer),
    input: (values) => void tui.input(values),
    manual: (note) => void tui.manual(note),
    interrupted: (choice, note) => void tui.interrupted(choice, note),
    failure: (choice) => void tui.failure(choice),
    requestPause,
    confirmPause(yes) {
      if (!confirmPause) return;
      if (yes) pauseNow();
      else {
        confirmPause = false;
        changed(true);
      }
    },
    interrupt() {
      interrupts += 1;
      if (interrupts === 1 && !pausing) return requestPause();
      forceStop('SIGINT');
    },
    forceStop,
  };
}

/** What the screen shows for a question: a failure is a phase of its own, with the engine's choices. */
function phaseOf(ask: AskEffect): RunPhase {
  if (ask.type !== 'ask-failure') return { kind: 'asking', ask };
  return { kind: 'failed', stepId: ask.stepId, error: withHint(ask.error, ask.hint), choices: ask.choices, skippable: ask.choices.includes('skip') };
}
