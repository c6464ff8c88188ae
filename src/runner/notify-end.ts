import type { NotifyHook } from '../config/schema.js';
import type { Ending } from '../engine/ending.js';
import type { EventOf, RunEvent } from '../engine/types.js';
import { runEndEvent } from '../notify/run-end.js';
import { sendNotifications } from '../notify/send.js';
import type { Redactor } from '../util/redact.js';

/** What a run's end is told to: the run, its journal (still open) and its redactor. */
export interface NotifyEndParts {
  runId: string;
  runbookId: string;
  targetName: string;
  notify: readonly NotifyHook[];
  journal: { append(event: RunEvent): void };
  redactor: Redactor;
}

/**
 * Tells the `notify:` hooks how the run ended (failed, waiting at a question, finished),
 * before the journal closes. A hook that cannot be told is journaled as `notify/failed` and
 * returned for the driver to print; the run's outcome and exit code stay what they were.
 */
export async function notifyRunEnd(parts: NotifyEndParts, ending: Ending, now: () => Date = () => new Date()): Promise<Array<EventOf<'notify/failed'>>> {
  if (parts.notify.length === 0) return [];
  const event = runEndEvent(ending, { runId: parts.runId, runbook: parts.runbookId, target: parts.targetName }, now());
  if (!event) return [];
  // The summary may quote a step's error: masked like everything else that leaves the run.
  const told = { ...event, summary: parts.redactor.text(event.summary), ...(event.command ? { command: parts.redactor.text(event.command) } : {}) };
  const failures = await sendNotifications(parts.notify, told);
  const events = failures.map((f): EventOf<'notify/failed'> => ({ type: 'notify/failed', at: now().toISOString(), event: event.kind, hook: f.hook, error: parts.redactor.text(f.error) }));
  for (const e of events) parts.journal.append(e);
  return events;
}
