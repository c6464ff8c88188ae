/**
 * One error family for everything the operator can do something about. Each carries the
 * process exit code (README, exit codes) and a hint: what to do next. `cli.tsx` has the one
 * `catch` that prints them; anything else that escapes is a bug. The one exception is
 * ActionError: the runner catches it and fails the step with its message and hint.
 */

export const EXIT = {
  ok: 0,
  stepFailed: 1,
  usage: 2,
  stopped: 3,
  stateHome: 4,
  /** `pitstop status`: some target is not ok (for cron and alerting). */
  unhealthy: 1,
  /** 128 + the signal number, as a shell reports a process killed by it. */
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Location {
  file: string;
  line?: number;
  col?: number;
}

export class PitstopError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly location: Location | undefined;

  constructor(message: string, opts: { exitCode?: ExitCode; hint?: string; location?: Location; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? EXIT.usage;
    this.hint = opts.hint;
    this.location = opts.location;
  }
}

/** Bad command line, unknown runbook or target, invalid parameter value: exit 2. */
export class UsageError extends PitstopError {
  constructor(message: string, opts: { hint?: string; location?: Location; cause?: unknown } = {}) {
    super(message, { ...opts, exitCode: EXIT.usage });
  }
}

/** pitstop.yaml or a runbook that cannot be used as written: exit 2. */
export class ConfigError extends PitstopError {
  constructor(message: string, opts: { hint?: string; location?: Location; cause?: unknown } = {}) {
    super(message, { ...opts, exitCode: EXIT.usage });
  }
}

/**
 * An action could not do its work (a tool failed, a file is missing, a check found damage).
 * It has no exit code of its own: the runner turns it into a failed step, and the run ends
 * with exit 1 like any failed step; the hint is kept apart so the operator sees what to do.
 */
export class ActionError extends PitstopError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...opts, exitCode: EXIT.stepFailed });
  }
}

/**
 * A new run refused before step 1: a step that will run needs something that is not there
 * (e.g. a verified snapshot) and no earlier step provides it. Nothing was written (exit 2,
 * like a missing executable); `runFirst` names the runbook that provides it, when one does.
 */
export class PreconditionError extends PitstopError {
  readonly stepId: string;
  readonly reason: string;
  readonly runFirst: string | undefined;
  constructor(reason: string, opts: { stepId: string; hint?: string; runFirst?: string }) {
    super(`this runbook cannot run yet: ${reason} (step ${opts.stepId} needs it)`, {
      exitCode: EXIT.usage,
      hint: `${opts.hint ? `${opts.hint} ` : ''}Nothing was started.`,
    });
    this.stepId = opts.stepId;
    this.reason = reason;
    this.runFirst = opts.runFirst;
  }
}

/** A run that stopped and can be resumed: at a gate or by the operator (exit 3). */
export class RunStoppedError extends PitstopError {
  constructor(message: string, opts: { hint?: string } = {}) {
    super(message, { ...opts, exitCode: EXIT.stopped });
  }
}

/**
 * The state home (`$PITSTOP_HOME`: journals, step logs, the run index, the sandbox) cannot be
 * written or read back: a full disk, a read-only mount, a file where a directory should be,
 * a damaged `runs.json`. Exit 4, apart from 1 (a step failed) and 3 (a gate): the run is not
 * at fault and nothing in the runbook needs fixing; once the place is fixed the hint's
 * command (usually `pitstop resume ID`) goes on from the journal.
 */
export class StateHomeError extends PitstopError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...opts, exitCode: EXIT.stateHome });
  }
}

/** Something that should never happen: a defect in pitstop, not an operator mistake. */
export class BugError extends PitstopError {
  constructor(message: string, cause?: unknown) {
    super(message, { exitCode: EXIT.stepFailed, hint: 'This is a bug in pitstop; please report it with the run directory.', cause });
  }
}

/** `FILE:LINE:COL: message`, the format editors and CI annotate. */
export function formatLocation(loc: Location): string {
  if (loc.line === undefined) return loc.file;
  return `${loc.file}:${loc.line}:${loc.col ?? 1}`;
}
