import type { Evidence, FailureChoice, Preview, RunState, StepState } from '../engine/types.js';
import type { Ending } from '../engine/ending.js';
import type { StepKind } from '../runbook/schema.js';
import type { AskEffect } from './tui-operator.js';

/** A step that reached an end (succeeded, failed, skipped), once: finished steps never redraw. */
export interface DoneItem {
  key: string;
  stepId: string;
  title: string;
  kind: StepKind;
  status: 'succeeded' | 'failed' | 'skipped';
  attempt: number;
  durationMs: number;
  error?: string;
  /** A manual step's note, or why a step was skipped. */
  note?: string;
  evidence: Evidence[];
  /** A query's first rows. */
  table?: { columns: string[]; rows: Record<string, unknown>[]; rowCount: number };
}

/** The step executing now and exactly what it runs. */
export interface LiveStep {
  stepId: string;
  attempt: number;
  preview: Preview | null;
  /** Wall-clock start, in epoch milliseconds. */
  startedAt: number;
}

/** The last lines a step printed (bounded), and how many it printed in all. */
export interface Tail {
  stepId: string;
  attempt: number;
  lines: readonly string[];
  total: number;
}

/** A question shown as a prompt of its own; a failure is shown as the `failed` phase. */
export type ScreenAsk = Exclude<AskEffect, { type: 'ask-failure' }>;

/** How a TUI run ended, and what the operator can do next: the engine's `endingOf`. */
export type RunEnd = Ending;

export type RunPhase =
  | { kind: 'starting' }
  | { kind: 'working' }
  | { kind: 'asking'; ask: ScreenAsk }
  /** The engine's ask-failure: `choices` are the ones it allows (skip only where skippable). */
  | { kind: 'failed'; stepId: string; error: string; choices: FailureChoice[]; skippable: boolean }
  | { kind: 'over'; end: RunEnd };

/**
 * Everything the run screen shows, secrets already masked. A new object on every change
 * (for `useSyncExternalStore`); output changes are batched.
 */
export interface RunView {
  runId: string;
  runDir: string;
  state: RunState;
  phase: RunPhase;
  live: LiveStep | null;
  /** The step started last (still there after it finished: a failed step shows what it ran). */
  recent: LiveStep | null;
  /** The output of the step `log` names (the one in focus). */
  tail: Tail | null;
  /** The output of every step that printed, by step id (latest attempt). */
  tails: Readonly<Record<string, Tail>>;
  done: readonly DoneItem[];
  /** The step whose full log `l` opens, and its file. */
  log: { stepId: string; attempt: number; file: string } | null;
  /** `q` while a step runs: waiting for the operator to say yes. */
  confirmPause: boolean;
  /** A pause was asked for: the running step is being stopped. */
  pausing: boolean;
  /** A second Ctrl+C: leave as soon as possible. */
  forced: boolean;
}

/** A failure as the screen shows it: the message, and what to do about it on a line of its own. */
export function withHint(error: string, hint: string | undefined): string {
  return hint ? `${error}\n→ ${hint}` : error;
}

/** A terminal step state as a DoneItem, or null when the step has not reached an end. */
export function doneItemOf(state: RunState, stepState: StepState): DoneItem | null {
  const step = state.runbook.steps.find((s) => s.id === stepState.id);
  if (!step) return null;
  const status = stepState.status;
  const base = { stepId: step.id, title: step.title ?? step.id, kind: step.kind, evidence: stepState.evidence };
  switch (status.kind) {
    case 'succeeded':
    case 'failed': {
      const table = tableOf(stepState.outputs);
      return {
        ...base,
        key: `${step.id}#${status.attempt}:${status.kind}:${status.finishedAt}`,
        status: status.kind,
        attempt: status.attempt,
        durationMs: status.durationMs,
        ...(status.kind === 'failed' ? { error: withHint(status.error, status.hint) } : {}),
        ...(status.kind === 'succeeded' && status.note ? { note: status.note } : {}),
        ...(status.kind === 'succeeded' && step.kind === 'input' ? { note: chosenText(stepState.outputs) } : {}),
        ...(table ? { table } : {}),
      };
    }
    case 'skipped':
      return { ...base, key: `${step.id}#${stepState.attempts}:skipped:${status.reason}`, status: 'skipped', attempt: stepState.attempts, durationMs: 0, note: status.reason };
    default:
      return null;
  }
}

/** The values an input step was given (its outputs, secrets already masked), as one line. */
function chosenText(outputs: Record<string, unknown>): string {
  const values = Object.entries(outputs).map(([name, value]) => `${name} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return values.length === 0 ? 'chosen: nothing (the defaults apply)' : `chosen: ${values.join(', ')}`;
}

function tableOf(outputs: Record<string, unknown>): DoneItem['table'] | undefined {
  const { rows, columns, row_count: rowCount } = outputs;
  if (!Array.isArray(rows) || !Array.isArray(columns)) return undefined;
  return {
    columns: columns.map(String),
    rows: rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null),
    rowCount: typeof rowCount === 'number' ? rowCount : rows.length,
  };
}
