import type { Ending } from '../engine/ending.js';
import type { EventOf, RunEvent } from '../engine/types.js';
import { ConfigError } from '../errors.js';
import type { Redactor } from '../util/redact.js';
import { boundOutputs, describeGateAnswer, describeRequest } from './describe.js';
import { fillRunId } from '../runbook/run-id-placeholder.js';
import { buildOutcome } from './outcome.js';
import { scoreSla } from './sla.js';
import { fromEnding, fromJournal, pauseText } from './status.js';
import type { Report, ReportAttempt, ReportMoment, ReportStep, ReportStepStatus } from './types.js';

/** What the report knows of a runbook step: its title, kind, whether it is destructive, its body. */
export interface RunbookStepInfo {
  id: string;
  title?: string;
  kind?: string;
  destructive?: boolean;
  body?: string;
}

export interface BuildReportOptions {
  /** The runbook's SLA, to score the RTO against. */
  sla?: { rto?: string; rpo?: string };
  /** Defaults to the runbook id. */
  title?: string;
  /**
   * The runbook's steps in order, when the runbook is at hand: gives titles, orders the
   * report like the runbook, and lists steps the run never reached (or skipped) as `not-run`.
   */
  runbookSteps?: ReadonlyArray<RunbookStepInfo>;
  /** Masks secrets in every string of the report (the journal is masked already; this is a second net). */
  redactor?: Redactor;
  truncatedTail?: boolean;
  /** The first damaged line of the journal, when the events stop there. */
  damagedAt?: { line: number; problem: string };
  /**
   * How the run ended, from the engine (report/run-ending.ts): the status, its text and the
   * next command, as the run printed them. Without it (a run still going or cut by a crash,
   * a journal that does not replay) the report says what the journal's last events show.
   */
  ending?: Pick<Ending, 'status' | 'summary' | 'command'>;
  /** Steps the engine skipped and why, from the journal replayed (report/run-ending.ts `journalSkips`). */
  skipped?: Record<string, string>;
}

/** Turns a run's journal into its incident timeline (README, "Using it": pitstop report). Pure: no clock, no I/O. */
export function buildReport(events: readonly RunEvent[], opts: BuildReportOptions = {}): Report {
  const first = events[0];
  if (!first || first.type !== 'run/started') {
    throw new ConfigError('this journal does not start with run/started: there is no run to report on', { hint: 'Check the run id (pitstop runs).' });
  }
  const steps = new Map<string, ReportStep>();
  const step = (id: string): ReportStep => {
    let s = steps.get(id);
    if (!s) {
      s = { id, status: 'waiting', startedAt: null, finishedAt: null, durationMs: null, attempts: [], gates: [], inputs: [], resolutions: [] };
      const known = opts.runbookSteps?.find((r) => r.id === id);
      if (known) Object.assign(s, stepFacts(known, first.runId));
      steps.set(id, s);
    }
    return s;
  };
  const moments: ReportMoment[] = [{ at: first.at, kind: 'started', by: first.by, text: `run started by ${first.by}` }];
  let pausedAt: string | null = null;
  let pausedMs = 0;
  let finished: EventOf<'run/finished'> | null = null;
  let lastPause: EventOf<'run/paused'> | null = null;

  for (const [index, event] of events.entries()) {
    switch (event.type) {
      case 'step/started': {
        const s = step(event.stepId);
        const later = index < events.length - 1;
        const attempt: ReportAttempt = { attempt: event.attempt, status: later ? 'interrupted' : 'unfinished', startedAt: event.at, finishedAt: null, durationMs: null, evidence: [] };
        if (event.request) attempt.request = describeRequest(event.request);
        s.attempts.push(attempt);
        break;
      }
      case 'step/output': {
        const attempt = attemptOf(step(event.stepId), event.attempt);
        if (attempt) attempt.outputFile = { file: event.file, lines: event.lines, bytes: event.bytes };
        break;
      }
      case 'step/checkpoint': {
        const attempt = attemptOf(step(event.stepId), event.attempt);
        if (attempt) attempt.stages = [...(attempt.stages ?? []), { name: event.name, at: event.at }];
        break;
      }
      case 'step/finished': {
        const attempt = attemptOf(step(event.stepId), event.attempt);
        if (!attempt) break;
        Object.assign(attempt, { status: event.status, finishedAt: event.at, durationMs: event.durationMs, evidence: event.evidence ?? [] });
        const outputs = boundOutputs(event.outputs ?? {});
        if (outputs) attempt.outputs = outputs;
        if (event.error) attempt.error = event.error;
        if (event.hint) attempt.hint = event.hint;
        if (event.note) attempt.note = event.note;
        if (event.by) attempt.by = event.by;
        break;
      }
      case 'gate/answered':
        step(event.stepId).gates.push({ at: event.at, by: event.by, via: event.via, approved: event.approved, answer: describeGateAnswer(event.approved, event.answer) });
        break;
      case 'input/given':
        step(event.stepId).inputs.push({ at: event.at, by: event.by, values: event.values });
        break;
      case 'interrupted/resolved':
      case 'failure/resolved': {
        const after = event.type === 'interrupted/resolved' ? 'interrupted' : 'failed';
        step(event.stepId).resolutions.push({ at: event.at, by: event.by, after, choice: event.choice, ...(event.note ? { note: event.note } : {}) });
        break;
      }
      case 'run/paused':
        lastPause = event;
        pausedAt = event.at;
        moments.push({ at: event.at, kind: 'paused', text: `paused (${pauseText(event.reason)})${event.stepId ? ` at ${event.stepId}` : ''}` });
        if (event.stepId) step(event.stepId);
        break;
      case 'run/resumed':
        if (pausedAt) pausedMs += Math.max(0, Date.parse(event.at) - Date.parse(pausedAt));
        pausedAt = null;
        lastPause = null;
        // A run stopped by a failed step can be resumed: its end so far was not the end.
        finished = null;
        moments.push({ at: event.at, kind: 'resumed', by: event.by, text: `resumed by ${event.by}` });
        break;
      case 'step/precondition-failed':
        step(event.stepId);
        moments.push({ at: event.at, kind: 'precondition', text: `${event.stepId} could not run yet: ${event.reason}${event.hint ? ` (${event.hint})` : ''}` });
        break;
      case 'notify/failed':
        moments.push({ at: event.at, kind: 'notify', text: `notification ${event.hook} (${event.event}) not delivered: ${event.error}` });
        break;
      case 'run/finished':
        finished = event;
        if (event.status === 'failed') pausedAt = event.at;
        moments.push({ at: event.at, kind: 'finished', text: `run ${event.status === 'succeeded' ? 'finished' : event.status}${event.stepId ? ` at ${event.stepId}` : ''}` });
        break;
      case 'run/runbook-changed': {
        const list = (label: string, ids: string[]) => (ids.length ? `; ${label}: ${ids.join(', ')}` : '');
        const skipped = event.skipped.length ? `; not run (added after the run passed this point): ${event.skipped.join(', ')}` : '';
        const renamed = Object.entries(event.renamed ?? {}).map(([to, from]) => `${from} → ${to}`);
        const what = `${list('added', event.added)}${list('removed', event.removed)}${list('changed', event.changed)}${list('renamed', renamed)}${skipped}`;
        moments.push({ at: event.at, kind: 'runbook-changed', by: event.by, text: `edited runbook accepted by ${event.by}${what}` });
        break;
      }
      case 'run/started':
        break;
      default: {
        const unknown: never = event;
        void unknown;
      }
    }
  }

  for (const [id, reason] of Object.entries(opts.skipped ?? {})) step(id).skipReason = reason;
  for (const s of steps.values()) settleStep(s);
  const ordered = opts.runbookSteps ? inRunbookOrder(steps, opts.runbookSteps, first.runId) : [...steps.values()];
  const last = events[events.length - 1]!;
  const endedAt = finished?.at ?? null;
  const wallClockMs = Math.max(0, Date.parse(endedAt ?? last.at) - Date.parse(first.at));
  const { status, statusText, next } = opts.ending ? fromEnding(opts.ending, finished) : fromJournal(finished, lastPause, first.runId);

  const report: Report = {
    title: opts.title ?? first.runbookId,
    runId: first.runId,
    runbookId: first.runbookId,
    runbookHash: first.runbookHash,
    target: { name: first.target.name, engine: first.target.engine },
    startedBy: first.by,
    startedAt: first.at,
    endedAt,
    lastEventAt: last.at,
    wallClockMs,
    pausedMs,
    status,
    statusText,
    next,
    params: first.params,
    outcome: buildOutcome(events, { status, title: opts.title ?? first.runbookId, ...(opts.sla ? { sla: opts.sla } : {}), ...(opts.runbookSteps ? { runbookSteps: opts.runbookSteps } : {}) }),
    steps: ordered,
    moments,
  };
  const sla = scoreSla(opts.sla, status, wallClockMs);
  if (sla) report.sla = sla;
  if (opts.truncatedTail) report.truncatedTail = true;
  if (opts.damagedAt) report.damagedAt = { ...opts.damagedAt };
  return opts.redactor ? (opts.redactor.deep(report) as Report) : report;
}

/** Runbook order; steps the journal never mentions are `not-run`; steps no longer in the runbook go last. */
function inRunbookOrder(steps: Map<string, ReportStep>, runbook: ReadonlyArray<RunbookStepInfo>, runId: string): ReportStep[] {
  const known = new Set(runbook.map((r) => r.id));
  const listed = runbook.map(
    (r): ReportStep =>
      steps.get(r.id) ?? { id: r.id, ...stepFacts(r, runId), status: 'not-run', startedAt: null, finishedAt: null, durationMs: null, attempts: [], gates: [], inputs: [], resolutions: [] },
  );
  return [...listed, ...[...steps.values()].filter((s) => !known.has(s.id))];
}

/** A step's title, and what a manual or confirm step asked of the person (its body, with this run's id filled in). */
function stepFacts(step: RunbookStepInfo, runId: string): Pick<ReportStep, 'title' | 'asked'> {
  const asked = (step.kind === 'manual' || step.kind === 'confirm') && step.body?.trim() ? fillRunId(step.body.trim(), runId) : undefined;
  return { ...(step.title ? { title: step.title } : {}), ...(asked ? { asked } : {}) };
}

function attemptOf(step: ReportStep, attempt: number): ReportAttempt | undefined {
  return [...step.attempts].reverse().find((a) => a.attempt === attempt);
}

/** A step's status is what its last word says: an attempt, a resolution, a gate answer, an input. */
function settleStep(s: ReportStep): void {
  const lastAttempt = s.attempts.at(-1);
  const lastResolution = s.resolutions.at(-1);
  const lastGate = s.gates.at(-1);
  let status: ReportStepStatus = 'waiting';
  if (lastAttempt) status = lastAttempt.status;
  else if (s.inputs.length > 0) status = 'succeeded';
  else if (lastGate) status = lastGate.approved ? 'approved' : 'declined';
  if (s.skipReason !== undefined) status = 'skipped';
  if (lastResolution && (!lastAttempt || lastResolution.at >= lastAttempt.startedAt)) {
    if (lastResolution.choice === 'mark-done') status = 'marked-done';
    if (lastResolution.choice === 'skip') status = 'skipped';
    if (lastResolution.choice === 'abort') status = 'aborted';
  }
  s.status = status;
  s.startedAt = s.attempts[0]?.startedAt ?? s.inputs[0]?.at ?? null;
  s.finishedAt = lastAttempt?.finishedAt ?? (status === 'succeeded' ? (s.inputs.at(-1)?.at ?? null) : null);
  const durations = s.attempts.map((a) => a.durationMs).filter((d): d is number => d !== null);
  s.durationMs = durations.length > 0 ? durations.reduce((a, b) => a + b, 0) : null;
}
