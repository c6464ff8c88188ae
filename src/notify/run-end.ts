import type { NotifyEventKind } from '../config/schema.js';
import type { Ending } from '../engine/ending.js';
import type { NotifyEvent } from './message.js';

/**
 * The notification a run's end calls for: `failed`, `waiting` (stopped at a question nobody
 * answered), `finished`; none for a pause or an abort the operator chose themselves.
 */
export function runEndEvent(ending: Ending, run: { runId: string; runbook: string; target: string }, at: Date): NotifyEvent | null {
  const kind: NotifyEventKind | null = ending.kind === 'finished' ? 'finished' : ending.kind === 'failed' ? 'failed' : ending.kind === 'stopped' ? 'waiting' : null;
  if (!kind) return null;
  return {
    kind,
    at: at.toISOString(),
    target: run.target,
    runbook: run.runbook,
    runId: run.runId,
    ...(ending.stepId ? { step: ending.stepId } : {}),
    summary: ending.summary,
    command: ending.command,
  };
}
