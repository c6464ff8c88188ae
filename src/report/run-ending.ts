// Every action's spec, for the engine: what a journal or a plan names is not known before reading it.
import '../actions/all-specs.js';
import { endingOf, type Ending } from '../engine/ending.js';
import { replay } from '../engine/transition.js';
import type { RunEvent } from '../engine/types.js';
import type { Runbook } from '../runbook/schema.js';

/**
 * How the run ended, as the engine says it (`endingOf`, the same every driver printed when
 * the run stopped), from the journal replayed against the runbook it began with. Only a
 * journal whose last word is `run/finished` or `run/paused` has an ending; one that stops
 * elsewhere (a run still going, or cut by a crash) has none, nor has one that does not
 * replay (damaged, or its runbook copy is gone). Pure.
 */
export function journalEnding(events: RunEvent[], started: Runbook | undefined, runbookFor: (hash: string) => Runbook | undefined): Ending | undefined {
  // A failed notification is written after the run's last word.
  const last = events.findLast((e) => e.type !== 'notify/failed');
  if (!started || (last?.type !== 'run/finished' && last?.type !== 'run/paused')) return undefined;
  try {
    return endingOf(replay(started, events, { runbookFor }).state);
  } catch {
    return undefined;
  }
}

/**
 * The steps the engine skipped, with its reason (a `when:` in words, who skipped it after a
 * failure), from the journal replayed against the runbook it began with: a skip is the
 * engine's decision, not an event. Empty when the journal does not replay.
 */
export function journalSkips(events: RunEvent[], started: Runbook | undefined, runbookFor: (hash: string) => Runbook | undefined): Record<string, string> {
  if (!started) return {};
  try {
    const { state } = replay(started, events, { runbookFor });
    return Object.fromEntries(state.order.flatMap((id) => {
      const status = state.steps[id]?.status;
      return status?.kind === 'skipped' ? [[id, status.reason]] : [];
    }));
  } catch {
    return {};
  }
}
