import type { EventOf, RunEvent } from '../engine/types.js';
import { safeDuration } from './sla.js';
import { pauseText } from './status.js';
import type { IncidentTransaction, OutcomeApproval, OutcomeRows, OutcomeWord, RecoveryPoint, ReportOutcome, ReportStatus } from './types.js';

/** What the outcome block is derived from besides the events: the report's status and the runbook's SLA and steps. */
export interface OutcomeInput {
  status: ReportStatus;
  title: string;
  sla?: { rto?: string; rpo?: string };
  runbookSteps?: ReadonlyArray<{ id: string; destructive?: boolean }>;
}

// Not tables: `lost_after_copy`, and the sums a family copy gives (`copied_total`, `lost_total`).
const NOT_A_TABLE = new Set(['after_copy', 'total']);

/**
 * The outcome block of a report, from the journal alone (pure): step outputs are read by
 * their names (`copied`, `lost`, `orphans`, with `_<table>` variants; `stop_xid`,
 * `replay_lsn`, `snapshot_taken_at`, …), so any runbook whose steps produce them gets the
 * same block, and one whose steps do not gets a block that says what it does not know.
 */
export function buildOutcome(events: readonly RunEvent[], input: OutcomeInput): ReportOutcome {
  const first = events[0] as EventOf<'run/started'>;
  const succeeded = lastSuccessOfEachStep(events);
  const finished = events.findLast((e): e is EventOf<'run/finished'> => e.type === 'run/finished');
  const pause = events.findLast((e): e is EventOf<'run/paused'> => e.type === 'run/paused');
  const { outcome, outcomeText, stepId } = describeEnd(input.status, finished, pause);
  const incidentAt = typeof first.params['incident_at'] === 'string' ? first.params['incident_at'] : undefined;
  const incidentTransaction = findIncidentTransaction(succeeded);
  const recoveryPoint = findRecoveryPoint(succeeded);
  const lostRows = countsOf(succeeded, 'lost');
  // What could not be brought back: tables of a family with nothing lost are not news.
  const notRecovered = [...lostRows.map((r) => ({ ...r, what: 'lost' as const })), ...countsOf(succeeded, 'orphans').map((r) => ({ ...r, what: 'orphans' as const }))].filter((r) => r.rows > 0);
  const out: ReportOutcome = {
    outcome,
    outcomeText,
    ...(stepId ? { stepId } : {}),
    target: { name: first.target.name, engine: first.target.engine },
    runbook: { id: first.runbookId, title: input.title },
    ...(incidentAt ? { incidentAt } : {}),
    ...(incidentTransaction ? { incidentTransaction } : {}),
    recovered: copiedRows(events),
    notRecovered,
    ...(recoveryPoint ? { recoveryPoint } : {}),
    rto: measureRto(events, finished, input),
    rpo: measureRpo(input.sla?.rpo, incidentAt ?? incidentTransaction?.time, recoveryPoint, lostRows),
    approvals: approvalsOf(events, input.runbookSteps),
  };
  return out;
}

function describeEnd(status: ReportStatus, finished: EventOf<'run/finished'> | undefined, pause: EventOf<'run/paused'> | undefined): { outcome: OutcomeWord; outcomeText: string; stepId?: string } {
  const at = (id: string | undefined) => (id ? { stepId: id } : {});
  switch (status) {
    case 'finished':
      return { outcome: 'finished', outcomeText: 'finished' };
    case 'failed':
      return { outcome: 'failed', outcomeText: `failed: step ${finished?.stepId ?? '?'} failed${finished?.error ? `: ${finished.error}` : ''}`, ...at(finished?.stepId) };
    case 'aborted':
      return { outcome: 'aborted', outcomeText: `aborted${finished?.stepId ? ` at step ${finished.stepId}` : ''}`, ...at(finished?.stepId) };
    case 'stopped-at-gate':
    case 'paused': {
      const where = pause?.stepId;
      const what =
        pause?.reason === 'gate' ? `stopped at the gate of step ${where}`
        : pause?.reason === 'input' ? `step ${where} needs input`
        : pause?.reason === 'manual' ? `the manual step ${where} is not done yet`
        : `paused (${pause ? pauseText(pause.reason) : 'no reason journaled'})${where ? ` at step ${where}` : ''}`;
      return { outcome: 'waiting', outcomeText: `waiting: ${what}`, ...at(where) };
    }
    case 'unfinished':
      return { outcome: 'unfinished', outcomeText: 'unfinished: still running, or cut short by a crash (resumable)' };
  }
}

type Success = { stepId: string; outputs: Record<string, unknown> };

/** The outputs of each step's last successful attempt, in journal order of that attempt. */
function lastSuccessOfEachStep(events: readonly RunEvent[]): Success[] {
  const byStep = new Map<string, Success>();
  for (const e of events) {
    if (e.type !== 'step/finished' || e.status !== 'succeeded') continue;
    byStep.delete(e.stepId);
    byStep.set(e.stepId, { stepId: e.stepId, outputs: e.outputs ?? {} });
  }
  return [...byStep.values()];
}

/** Rows copied back: every successful attempt counts (a rerun copies nothing twice, so they add up). */
function copiedRows(events: readonly RunEvent[]): OutcomeRows[] {
  const all: Success[] = events.flatMap((e) => (e.type === 'step/finished' && e.status === 'succeeded' ? [{ stepId: e.stepId, outputs: e.outputs ?? {} }] : []));
  const merged = new Map<string, OutcomeRows>();
  for (const row of countsOf(all, 'copied')) {
    const key = `${row.table}\u0000${row.stepId}`;
    const seen = merged.get(key);
    if (seen) seen.rows += row.rows;
    else merged.set(key, { ...row });
  }
  return [...merged.values()];
}

/** `NAME` (for the step's `table` output) and `NAME_<table>` counts of each step, counted-only runs left out. */
function countsOf(steps: Success[], name: 'lost' | 'orphans' | 'copied'): OutcomeRows[] {
  const found: OutcomeRows[] = [];
  for (const { stepId, outputs } of steps) {
    if (outputs['count_only'] === true) continue;
    const perTable: OutcomeRows[] = [];
    for (const [key, value] of Object.entries(outputs)) {
      const table = key.startsWith(`${name}_`) ? key.slice(name.length + 1) : '';
      if (table && !NOT_A_TABLE.has(table) && isCount(value)) perTable.push({ table, rows: value, stepId });
    }
    // A copy of a family gives both `copied` (its named table's) and `copied_<table>` for
    // every table, the named one included: count each table once.
    const own = outputs[name];
    const ownTable = typeof outputs['table'] === 'string' ? outputs['table'] : stepId;
    if (isCount(own) && !perTable.some((r) => r.table === ownTable)) found.push({ table: ownTable, rows: own, stepId });
    found.push(...perTable);
  }
  return found;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The last restore in the run: a PITR's stop point, a point-in-time copy's timestamp, a snapshot's time. */
function findRecoveryPoint(steps: Success[]): RecoveryPoint | undefined {
  let point: RecoveryPoint | undefined;
  for (const { stepId, outputs: o } of steps) {
    const opt = (key: keyof RecoveryPoint, value: unknown) => (text(value) ? { [key]: text(value) } : {});
    if ('stop_xid' in o || 'replay_lsn' in o || 'recovery_target' in o) {
      point = { kind: 'point-in-time recovery', ...opt('time', o['stop_time'] ?? o['last_commit_time']), ...opt('xid', o['stop_xid']), ...opt('lsn', o['replay_lsn']), ...opt('target', o['recovery_target']), stepId };
    } else if (text(o['snapshot_taken_at'])) {
      point = { kind: 'snapshot', time: text(o['snapshot_taken_at'])!, stepId };
    } else if (text(o['timestamp']) && text(o['url'])) {
      point = { kind: 'point-in-time copy', time: text(o['timestamp'])!, stepId };
    }
  }
  return point;
}

function findIncidentTransaction(steps: Success[]): IncidentTransaction | undefined {
  const found = steps.findLast(({ outputs: o }) => text(o['xid']) && text(o['operation']) && text(o['commit_time']));
  if (!found) return undefined;
  const o = found.outputs;
  return { xid: text(o['xid'])!, operation: text(o['operation'])!, time: text(o['commit_time'])!, ...(text(o['lsn']) ? { lsn: text(o['lsn'])! } : {}), ...(isCount(o['rows_deleted']) ? { rows: o['rows_deleted'] } : {}), stepId: found.stepId };
}

function measureRto(events: readonly RunEvent[], finished: EventOf<'run/finished'> | undefined, input: OutcomeInput): ReportOutcome['rto'] {
  const from = events.find((e) => e.type === 'step/started')?.at ?? null;
  const ended = finished && finished.status !== 'failed' ? finished.at : null;
  const until = ended ?? events.at(-1)!.at;
  const measuredMs = from ? Math.max(0, Date.parse(until) - Date.parse(from)) : null;
  const rto: ReportOutcome['rto'] = { measuredMs, from, to: ended };
  const budgetMs = input.sla?.rto ? safeDuration(input.sla.rto) : null;
  if (input.sla?.rto && budgetMs !== null) {
    Object.assign(rto, { budget: input.sla.rto, budgetMs });
    if (measuredMs !== null) rto.verdict = measuredMs > budgetMs ? 'over' : input.status === 'finished' ? 'within' : 'open';
  }
  return rto;
}

function measureRpo(budget: string | undefined, incident: string | undefined, point: RecoveryPoint | undefined, lost: OutcomeRows[]): ReportOutcome['rpo'] {
  const rpo: ReportOutcome['rpo'] = {};
  const budgetMs = budget ? safeDuration(budget) : null;
  if (budget && budgetMs !== null) Object.assign(rpo, { budget, budgetMs });
  const incidentMs = incident ? Date.parse(incident) : NaN;
  const pointMs = point?.time ? Date.parse(point.time) : NaN;
  if (Number.isFinite(incidentMs) && Number.isFinite(pointMs)) rpo.gapMs = Math.max(0, incidentMs - pointMs);
  if (lost.length > 0) rpo.rowsLost = lost.reduce((sum, row) => sum + row.rows, 0);
  if (rpo.gapMs !== undefined && budgetMs !== null) rpo.verdict = rpo.gapMs > budgetMs ? 'over' : 'within';
  return rpo;
}

function approvalsOf(events: readonly RunEvent[], steps: OutcomeInput['runbookSteps']): OutcomeApproval[] {
  return events.flatMap((e): OutcomeApproval[] => {
    if (e.type !== 'gate/answered' || !e.approved) return [];
    const destructive = steps?.find((s) => s.id === e.stepId)?.destructive;
    return [{ stepId: e.stepId, by: e.by, at: e.at, via: e.via, ...(e.answer !== undefined ? { typed: e.answer } : {}), ...(destructive !== undefined ? { destructive } : {}) }];
  });
}
