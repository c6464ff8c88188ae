import type { Runbook } from '../runbook/schema.js';
import { advanceFrom } from './advance.js';
import { isRepeatable } from './policy.js';
import { misfit, stepById, withStatus } from './state.js';
import type { EventOf, RunState, StepState, StepStatus, Transition } from './types.js';

/** Steps of an edited runbook against the one a run went on with, by id. */
export interface RunbookDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** New id → old id of a step whose definition is the same under another id: it keeps its state. */
  renamed: Record<string, string>;
}

/** What accepting an edit does to a run: the diff, and the added steps that will not run. */
export interface RunbookChangePlan extends RunbookDiff {
  /** Added before the point the run had reached: skipped, not run retroactively. */
  skipped: string[];
  /**
   * Whether the operator may have those run after all, first: only when nothing is in
   * progress and every earlier step between them and the cursor finished or was skipped.
   */
  canRunSkipped: boolean;
}

/** The reason recorded on an added step the run had already gone past. */
export const ADDED_BEHIND = 'added after the run passed this point';

/**
 * Steps added, removed, changed (same id, another definition) and renamed (the same
 * definition, alone under a new id) from `before` to `after`.
 */
export function diffRunbooks(before: Runbook, after: Runbook): RunbookDiff {
  const old = new Map(before.steps.map((s) => [s.id, canonical(s)]));
  const now = new Set(after.steps.map((s) => s.id));
  const added = after.steps.filter((s) => !old.has(s.id));
  const removed = before.steps.filter((s) => !now.has(s.id));
  const renamed: Record<string, string> = {};
  for (const step of added) {
    const body = canonical({ ...step, id: '' });
    const sames = removed.filter((r) => canonical({ ...r, id: '' }) === body);
    const twins = added.filter((a) => canonical({ ...a, id: '' }) === body);
    if (sames.length === 1 && twins.length === 1) renamed[step.id] = sames[0]!.id;
  }
  const from = new Set(Object.values(renamed));
  return {
    added: added.filter((s) => !(s.id in renamed)).map((s) => s.id),
    removed: removed.filter((s) => !from.has(s.id)).map((s) => s.id),
    changed: after.steps.filter((s) => old.has(s.id) && old.get(s.id) !== canonical(s)).map((s) => s.id),
    renamed,
  };
}

/** The diff, and which added steps come before the point the run has reached. */
export function planRunbookChange(state: RunState, after: Runbook): RunbookChangePlan {
  const diff = diffRunbooks(state.runbook, after);
  const boundary = reachedBoundary(state, after.steps.map((s) => s.id), diff.renamed);
  const order = after.steps.map((s) => s.id);
  const skipped = diff.added.filter((id) => order.indexOf(id) < boundary);
  const cursorId = state.cursor === null ? undefined : state.order[state.cursor];
  const busy = cursorId !== undefined && inProgress(state.steps[cursorId]!.status);
  const first = Math.min(...skipped.map((id) => order.indexOf(id)));
  const between = order.slice(first, boundary).map((id) => state.steps[diff.renamed[id] ?? id]?.status.kind);
  const settled = between.every((kind) => kind === undefined || kind === 'succeeded' || kind === 'skipped');
  return { ...diff, skipped, canRunSkipped: skipped.length > 0 && !busy && settled };
}

/**
 * `run/runbook-changed`: the run goes on with `after`, mapped by step id. What finished stays
 * finished (never run again, wherever it moved); a step whose id disappeared is dropped;
 * steps added before the point reached are skipped (those left out of `event.skipped`, when the
 * plan allows it, run first); a step cut short by a crash keeps its
 * interrupted-step question; a step that waited on a question is asked again as the edit
 * defines it. Refused (a misfit) for a run that is over, or when the step in progress is gone.
 */
export function changeRunbook(state: RunState, after: Runbook, event: EventOf<'run/runbook-changed'>): Transition {
  const kind = state.status.kind;
  if (kind === 'finished' || kind === 'aborted') return misfit(state, `run/runbook-changed: the run is already over (${kind})`);
  const plan = planRunbookChange(state, after);
  const oldCursorId = state.cursor === null ? undefined : state.order[state.cursor];
  const cursorState = oldCursorId === undefined ? undefined : state.steps[oldCursorId];
  const order = after.steps.map((s) => s.id);
  const cursorId = Object.keys(plan.renamed).find((to) => plan.renamed[to] === oldCursorId) ?? oldCursorId;
  if (cursorId && cursorState && inProgress(cursorState.status) && !order.includes(cursorId)) {
    return misfit(state, `step ${cursorId} was interrupted while it ran, and the edited runbook has no step ${cursorId}: settle it with the version the run started with first`);
  }

  const runNow = plan.skipped.filter((id) => !event.skipped.includes(id));
  if (event.skipped.some((id) => !plan.skipped.includes(id))) return misfit(state, `run/runbook-changed: skips ${event.skipped.join(', ')}, but only ${plan.skipped.join(', ') || 'none'} can be`);
  if (runNow.length > 0 && !plan.canRunSkipped) return misfit(state, `run/runbook-changed: ${runNow.join(', ')} cannot be run now`);

  const steps: Record<string, StepState> = {};
  for (const id of order) {
    const was = plan.renamed[id];
    const kept = state.steps[id] ?? (was === undefined ? undefined : { ...state.steps[was]!, id });
    if (kept) steps[id] = kept;
    else {
      const status: StepStatus = event.skipped.includes(id) ? { kind: 'skipped', reason: ADDED_BEHIND } : { kind: 'pending' };
      steps[id] = { id, status, attempts: 0, outputs: {}, evidence: [] };
    }
  }
  const newCursor = cursorId === undefined ? -1 : order.indexOf(cursorId);
  let s: RunState = { ...state, runbook: after, runbookHash: event.runbookHash, order, steps, cursor: newCursor < 0 ? null : newCursor };

  if (runNow.length > 0) return advanceFrom(s, Math.min(...runNow.map((id) => order.indexOf(id))), event.at);
  if (newCursor < 0) return advanceFrom(s, reachedBoundary(state, order, plan.renamed), event.at);
  const status = steps[cursorId!]!.status;
  if (status.kind === 'running') {
    const before = stepById(state, oldCursorId!)!;
    const now = stepById(s, cursorId!)!;
    // Safe to run again only if both the version that ran and the edited one say so.
    if (isRepeatable(before) && isRepeatable(now)) return { state: s, effects: [] };
    s = { ...s, steps: { ...steps, [cursorId!]: { ...steps[cursorId!]!, status: { kind: 'awaiting-interrupted' } } } };
    return { state: withStatus(s, { kind: 'awaiting', stepId: cursorId! }), effects: [] };
  }
  if (waitsOnQuestion(status)) return advanceFrom(s, newCursor, event.at);
  return { state: s, effects: [] };
}

/** The step was running (or its interruption is not settled yet). */
function inProgress(status: StepStatus): boolean {
  return status.kind === 'running' || status.kind === 'interrupted' || status.kind === 'awaiting-interrupted' || (status.kind === 'awaiting-gate' && status.reason === 'interrupted');
}

/** Waiting on a gate, an answer or a manual step: nothing ran yet, so ask again as edited. */
function waitsOnQuestion(status: StepStatus): boolean {
  return status.kind === 'pending' || status.kind === 'awaiting-input' || status.kind === 'awaiting-manual' || (status.kind === 'awaiting-gate' && status.reason === 'gate');
}

/**
 * Index in `order` of the first step the run has not gone past: the step at the cursor when
 * it is still there, else the one after the last step the run reached.
 */
function reachedBoundary(state: RunState, order: string[], renamed: Record<string, string>): number {
  const oldId = (id: string) => renamed[id] ?? id;
  const cursorId = state.cursor === null ? undefined : state.order[state.cursor];
  const at = cursorId === undefined ? -1 : order.findIndex((id) => oldId(id) === cursorId);
  if (at >= 0) return at;
  let last = -1;
  order.forEach((id, i) => {
    const was = state.steps[oldId(id)];
    if (was && was.status.kind !== 'pending') last = i;
  });
  return last + 1;
}

/** JSON with sorted keys, so that two equal steps compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
