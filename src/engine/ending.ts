import { EXIT, type ExitCode } from '../errors.js';
import { pendingEffects } from './effects.js';
import type { Effect, PauseReason, RunState, StopSignal } from './types.js';

/**
 * How a run ended, as the engine's state says:
 * `finished`, `failed` (a step failed and nobody chose what next: resumable), `aborted`,
 * `paused` (by the operator, a signal or the state home), `stopped` (at a question nobody
 * could answer now: a gate, an input, a manual or an interrupted step), or `unfinished`: the
 * runner had nothing left to do while the engine still had work, which is a bug.
 */
export type EndingKind = 'finished' | 'failed' | 'aborted' | 'paused' | 'stopped' | 'unfinished';

/** The run index status an ending leaves (what `pitstop runs` shows). */
export type EndingStatus = 'finished' | 'failed' | 'aborted' | 'paused' | 'stopped-at-gate';

/** Everything a driver needs once a run stops: what to record, how to exit, what to say. */
export interface Ending {
  kind: EndingKind;
  /** The process exit code (README, exit codes). */
  exitCode: ExitCode;
  status: EndingStatus;
  /** The step the run stopped at, if any. */
  stepId?: string;
  /** One line: what happened. */
  summary: string;
  /** The exact command to go on with (or to read the report). */
  command: string;
  /** One line for the TUI: the next move, with `command` in it. */
  next: string;
  /** For plain output: what happened and what to do, whole lines. Printed redacted and sanitized. */
  advice: string;
}

const SIGNAL_EXIT: Record<StopSignal, ExitCode> = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm, SIGHUP: EXIT.sighup };

const PAUSE_EXIT: Record<PauseReason, ExitCode> = {
  operator: EXIT.stopped,
  gate: EXIT.stopped,
  input: EXIT.stopped,
  manual: EXIT.stopped,
  interrupted: EXIT.stopped,
  sigint: EXIT.sigint,
  sigterm: EXIT.sigterm,
  sighup: EXIT.sighup,
  'state-home': EXIT.stateHome,
};

/** The exit code after pausing for a signal: 128 + its number, as a shell would report it. */
export function signalExitCode(signal: StopSignal): ExitCode {
  return SIGNAL_EXIT[signal];
}

/**
 * The one place a run's end becomes a status, an exit code and a next command: every driver
 * (plain, `--json`, the TUI, the loop itself) asks here. `leftBy` is a signal the process
 * leaves by whatever the state (a forced exit): it sets the exit code, nothing else.
 */
export function endingOf(state: RunState, leftBy?: StopSignal): Ending {
  const ending = fromState(state);
  return leftBy ? { ...ending, exitCode: signalExitCode(leftBy) } : ending;
}

function fromState(state: RunState): Ending {
  const id = state.runId;
  const resume = `pitstop resume ${id}`;
  const report = `pitstop report ${id}`;
  const status = state.status;
  switch (status.kind) {
    case 'finished':
      return { kind: 'finished', exitCode: EXIT.ok, status: 'finished', summary: 'run finished', command: report, next: `report: ${report}`, advice: `report: ${report}\n` };
    case 'aborted':
      return {
        kind: 'aborted',
        exitCode: EXIT.stopped,
        status: 'aborted',
        ...(status.stepId ? { stepId: status.stepId } : {}),
        summary: 'run aborted',
        command: report,
        next: `report: ${report}`,
        advice: `run aborted. Report: ${report}\n`,
      };
    case 'failed':
      return {
        kind: 'failed',
        exitCode: EXIT.stepFailed,
        status: 'failed',
        stepId: status.stepId,
        summary: `step ${status.stepId} failed`,
        command: resume,
        next: `fix the cause, then: ${resume}`,
        advice: `step ${status.stepId} failed. Fix the cause, then: ${resume}\n`,
      };
    case 'paused':
      return paused(state, status.reason, resume);
    case 'running':
    case 'awaiting':
      return {
        kind: 'unfinished',
        exitCode: EXIT.stepFailed,
        status: 'paused',
        ...at(state),
        summary: `the run stopped with work unfinished${where(state)} (a bug in pitstop)`,
        command: resume,
        next: `the journal has what was done: ${resume}`,
        advice: `pitstop stopped with work unfinished${where(state)}: this is a bug in pitstop; please report it with the run directory.\n  The journal has what was done: ${resume}\n`,
      };
  }
}

function paused(state: RunState, reason: PauseReason, resume: string): Ending {
  const exitCode = PAUSE_EXIT[reason];
  const base = { exitCode, ...at(state), command: resume, next: `continue with: ${resume}` };
  const ask = reason === 'gate' || reason === 'input' || reason === 'manual' || reason === 'interrupted' ? questionOf(state) : undefined;
  if (!ask) return { ...base, kind: 'paused', status: reason === 'gate' ? 'stopped-at-gate' : 'paused', summary: `run paused${where(state)}`, advice: `paused. Continue with: ${resume}\n` };
  const { command, advice } = answerFor(ask, resume, state.runId);
  return {
    ...base,
    kind: 'stopped',
    status: ask.type === 'ask-gate' ? 'stopped-at-gate' : 'paused',
    summary: `paused at step ${ask.stepId}`,
    command,
    advice,
  };
}

type Question = Extract<Effect, { type: 'ask-gate' | 'ask-input' | 'ask-manual' | 'ask-interrupted' }>;

/** The question the run is stopped at, as it would be asked again now. */
function questionOf(state: RunState): Question | undefined {
  return pendingEffects(state).find((e): e is Question => e.type === 'ask-gate' || e.type === 'ask-input' || e.type === 'ask-manual' || e.type === 'ask-interrupted');
}

/** The headless answer to a question: the command that gives it, and the lines that explain it. */
function answerFor(ask: Question, resume: string, runId: string): { command: string; advice: string } {
  switch (ask.type) {
    case 'ask-gate': {
      const command = ask.gate.type === 'typed' ? `${resume} --confirm "${ask.gate.phrase}"` : `${resume} --yes`;
      if (ask.rejected) return { command, advice: `the phrase given for ${ask.stepId} does not match: nothing was approved.\n` };
      if (ask.gate.type === 'confirm') return { command, advice: `stopped at step ${ask.stepId}: it needs a confirmation.\n  ${command}\n` };
      return {
        command,
        advice: `stopped at step ${ask.stepId}: it needs a typed confirmation (${ask.gate.prompt ?? 'type the phrase'}: "${ask.gate.phrase}").\n  ${command}   (--yes never passes a typed gate)\n`,
      };
    }
    case 'ask-input': {
      const sets = Object.keys(ask.params).map((p) => `--set ${p}=…`).join(' ');
      const errors = ask.errors ? `\n  ${Object.entries(ask.errors).map(([k, e]) => `${k}: ${e}`).join('\n  ')}` : '';
      return { command: `${resume} ${sets}`, advice: `stopped at step ${ask.stepId}: it needs input ${sets}${errors}\n  ${resume} ${sets}\n` };
    }
    case 'ask-manual':
      return { command: `${resume} --yes`, advice: `stopped at manual step ${ask.stepId}: ${ask.title}. Do it, then: ${resume} --yes\n` };
    case 'ask-interrupted':
      if (ask.reached) {
        return {
          command: `${resume} --confirm "${ask.rerunPhrase}"`,
          advice:
            `step ${ask.stepId} was interrupted after its stage ${ask.reached}; running it again continues from there (the stages done are not repeated).\n` +
            `  To continue from ${ask.reached}: ${resume} --confirm "${ask.rerunPhrase}"\n` +
            `  If you finished it by hand: ${resume} --mark-done ${ask.stepId}\n` +
            `  Or decide in the TUI (pitstop resume ${runId} on a terminal: continue / mark done / abort).\n`,
        };
      }
      return {
        command: `${resume} --mark-done ${ask.stepId}`,
        advice:
          `step ${ask.stepId} was interrupted while it ran and is not safe to repeat blindly.\n` +
          `  Check what it did. If it did its work: ${resume} --mark-done ${ask.stepId}\n` +
          `  To run it again: ${resume} --confirm "${ask.rerunPhrase}"\n` +
          `  Or decide in the TUI (pitstop resume ${runId} on a terminal: mark done / run again / abort).\n`,
      };
  }
}

function at(state: RunState): { stepId?: string } {
  const id = state.cursor === null ? undefined : state.order[state.cursor];
  return id === undefined ? {} : { stepId: id };
}

function where(state: RunState): string {
  const { stepId } = at(state);
  return stepId ? ` at step ${stepId}` : '';
}
