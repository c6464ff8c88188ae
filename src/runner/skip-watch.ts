import type { RunState } from '../engine/types.js';

/** A step that became skipped, with the engine's reason (a `when:` in words, or who skipped it after a failure). */
export interface SkippedStep {
  stepId: string;
  reason: string;
}

/**
 * Skips are decisions of the engine, not journal events: a watcher compares each new state
 * with what it saw before and tells every step that entered `skipped` once per visit (a
 * `goto` that reopens a step and skips it again tells it again). `before` is the state the
 * journal replayed to when a run is resumed: its skips were told by the process that made
 * them.
 */
export function watchSkips(before?: RunState): (state: RunState) => SkippedStep[] {
  const told = new Set<string>(before ? skippedIn(before).map((s) => s.stepId) : []);
  return (state) => {
    const now = skippedIn(state);
    const ids = new Set(now.map((s) => s.stepId));
    for (const id of told) if (!ids.has(id)) told.delete(id);
    const fresh = now.filter((s) => !told.has(s.stepId));
    for (const s of fresh) told.add(s.stepId);
    return fresh;
  };
}

function skippedIn(state: RunState): SkippedStep[] {
  return state.order.flatMap((stepId) => {
    const status = state.steps[stepId]?.status;
    return status?.kind === 'skipped' ? [{ stepId, reason: status.reason }] : [];
  });
}
