import type { Evidence, ParamValue } from '../engine/types.js';

/** A step attempt's request as a person reads it: what exactly ran, and where. */
export interface ReportRequest {
  kind: 'command' | 'sql' | 'wait' | 'action';
  /** e.g. `command`, `sql (read only) on tickets`, `action postgres.pitr` */
  summary: string;
  /** Fence language for the Markdown code block. */
  language: 'sh' | 'sql' | 'json';
  text: string;
  /** Bound SQL values, env, cwd, limits: one line each. */
  details: string[];
}

/** Step outputs, bounded for the report (at most 20 rows and 2 KB a step). */
export interface ReportOutputs {
  text: string;
  truncated: boolean;
}

/** `interrupted`: started, then the run went on without a result (a crash); `unfinished`: the journal ends there. */
export type AttemptStatus = 'succeeded' | 'failed' | 'interrupted' | 'unfinished';

/** One attempt at a step: what ran, when, and what came of it. */
export interface ReportAttempt {
  attempt: number;
  status: AttemptStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  request?: ReportRequest;
  outputs?: ReportOutputs;
  /** The full output file in the run directory. */
  outputFile?: { file: string; lines: number; bytes: number };
  evidence: Evidence[];
  error?: string;
  /** What to do about `error`, as the action said (journals before this field joined it into `error`). */
  hint?: string;
  note?: string;
  /** Who marked a manual step done. */
  by?: string;
  /** Stages a long action reported as done during this attempt (`step/checkpoint`), in order. */
  stages?: ReportStage[];
}

/** A stage of a long action, reached at a time (a `step/checkpoint` of the journal). */
export interface ReportStage {
  name: string;
  at: string;
}

/** An answer to a step's gate, with who gave it, when and how. */
export interface ReportGate {
  at: string;
  by: string;
  via: 'flag' | 'tui';
  approved: boolean;
  /** `confirmed`, `typed the phrase`, `declined`, or the start of a phrase that did not match. */
  answer: string;
}

/** Values given to an input step (secret ones arrive masked from the journal). */
export interface ReportInput {
  at: string;
  by: string;
  values: Record<string, string>;
}

/** The operator's decision about a step that was interrupted by a crash, or that failed and stopped the run. */
export interface ReportResolution {
  at: string;
  by: string;
  after: 'interrupted' | 'failed';
  choice: 'mark-done' | 'rerun' | 'retry' | 'skip' | 'abort';
  note?: string;
}

/** Where a step ended up, judged from its last journaled word. */
export type ReportStepStatus = AttemptStatus | 'declined' | 'approved' | 'waiting' | 'marked-done' | 'skipped' | 'aborted' | 'not-run';

/** Everything the journal says about one step. */
export interface ReportStep {
  id: string;
  title?: string;
  /** What a manual or confirm step asked of the person (its body, this run's id filled in). */
  asked?: string;
  /** Why the engine skipped the step (its `when:` in words, or who skipped it after a failure). */
  skipReason?: string;
  status: ReportStepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  /** Sum of the attempts' durations. */
  durationMs: number | null;
  attempts: ReportAttempt[];
  gates: ReportGate[];
  inputs: ReportInput[];
  resolutions: ReportResolution[];
}

/** Run-level moments: start, pauses, resumes, the end. */
export interface ReportMoment {
  at: string;
  kind: 'started' | 'paused' | 'resumed' | 'runbook-changed' | 'finished' | 'notify' | 'precondition';
  text: string;
  by?: string;
}

/** How the run stands at the end of its journal. */
export type ReportStatus = 'finished' | 'failed' | 'aborted' | 'stopped-at-gate' | 'paused' | 'unfinished';

/** Time to recovery, against the runbook's SLA. */
export interface ReportRto {
  budget: string;
  budgetMs: number;
  elapsedMs: number;
  /** `open`: the run has not finished and is still within the budget. */
  verdict: 'within' | 'over' | 'open';
}

/** The incident timeline of one run, built from its journal alone. */
export interface Report {
  title: string;
  runId: string;
  runbookId: string;
  runbookHash: string;
  target: { name: string; engine: string };
  startedBy: string;
  startedAt: string;
  endedAt: string | null;
  lastEventAt: string;
  /** From start to the end (or the last event), pauses included. */
  wallClockMs: number;
  /** Time spent paused, waiting for a resume. */
  pausedMs: number;
  status: ReportStatus;
  statusText: string;
  /** The command to go on with (or, for a run that is over, to read this report again). */
  next: string;
  params: Record<string, ParamValue>;
  sla?: { rto?: ReportRto; rpo?: { budget: string } };
  /** The answer on top: outcome, what was recovered and lost, RTO/RPO measured, approvals. */
  outcome: ReportOutcome;
  steps: ReportStep[];
  moments: ReportMoment[];
  /** The journal ended with a line torn by a crash, left out here. */
  truncatedTail?: boolean;
  /** The journal is damaged at this line: the report covers the events before it only. */
  damagedAt?: { line: number; problem: string };
}

/** How a run stands, in the word a data owner reads first. */
export type OutcomeWord = 'finished' | 'failed' | 'aborted' | 'waiting' | 'unfinished';

/** Rows of one table, and the step whose outputs counted them. */
export interface OutcomeRows {
  table: string;
  rows: number;
  stepId: string;
}

/** The point the recovered data comes from, as the restore step reported it. */
export interface RecoveryPoint {
  /** `point-in-time recovery` (PostgreSQL PITR), `point-in-time copy` (Turso, Litestream), `snapshot`. */
  kind: 'point-in-time recovery' | 'point-in-time copy' | 'snapshot';
  /** The time of the data in the copy: the last commit replayed, the copy's timestamp, the snapshot's. */
  time?: string;
  xid?: string;
  lsn?: string;
  /** What the recovery was asked to reach (`postgres.pitr`'s `recovery_target`). */
  target?: string;
  stepId: string;
}

/** The transaction that did the damage, found in the WAL (`postgres.find-transaction`). */
export interface IncidentTransaction {
  xid: string;
  operation?: string;
  time?: string;
  lsn?: string;
  rows?: number;
  stepId: string;
}

/** A gate approved during the run: who, when, how, and the phrase typed (as journaled, secrets masked). */
export interface OutcomeApproval {
  stepId: string;
  by: string;
  at: string;
  via: 'flag' | 'tui';
  /** The typed phrase; absent for a yes/no confirmation. */
  typed?: string;
  /** The runbook marks the step destructive (known when the report has the runbook). */
  destructive?: boolean;
}

/**
 * The answer a data owner reads in ten seconds, derived from the journal's events and known
 * output names (never from a runbook id): how it ended, what came back, what did not, from
 * which point, how long it took and who said yes.
 */
export interface ReportOutcome {
  outcome: OutcomeWord;
  /** The run's status in words (`failed: step copy-back failed: …`). */
  outcomeText: string;
  /** The step a failed or waiting run stopped at. */
  stepId?: string;
  target: { name: string; engine: string };
  runbook: { id: string; title: string };
  /** The runbook's `incident_at` parameter, as given. */
  incidentAt?: string;
  incidentTransaction?: IncidentTransaction;
  /** Rows copied back, per table (copy steps' `copied` / `copied_<table>`). */
  recovered: OutcomeRows[];
  /** Rows no copy could bring back (`lost` / `lost_<table>`) and children left without a parent (`orphans`). */
  notRecovered: Array<OutcomeRows & { what: 'lost' | 'orphans' }>;
  recoveryPoint?: RecoveryPoint;
  /** First step start to the run's end (or its last event, `to` null, while it has not ended). */
  rto: { measuredMs: number | null; from: string | null; to: string | null; budget?: string; budgetMs?: number; verdict?: 'within' | 'over' | 'open' };
  /**
   * Measured where the run knows it: `gapMs` is the incident time minus the recovery point's
   * time (writes in between are not in the copy); `rowsLost` the sum of `lost`.
   */
  rpo: { budget?: string; budgetMs?: number; gapMs?: number; rowsLost?: number; verdict?: 'within' | 'over' };
  approvals: OutcomeApproval[];
}
