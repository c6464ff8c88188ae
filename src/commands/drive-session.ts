import type { CliArgs } from '../cli-args.js';
import { drive, type RunOutcome } from '../runner/loop.js';
import { createFlagOperator } from '../runner/operator.js';
import { createJsonObserver, createPlainObserver } from '../runner/plain-output.js';
import { currentUser, type RunSession } from '../runner/session.js';
import { exitCodeOf, STOP_SIGNALS, type StopSignal } from '../runner/stop-signals.js';
import { terminalText } from '../util/terminal-text.js';

/**
 * Runs a prepared session headless (plain lines or NDJSON): answers come from the flags.
 * SIGINT, SIGTERM and SIGHUP pause the run: the running step's process tree is stopped,
 * `run/paused` names the signal, and the exit code is 128 + its number. A second signal
 * forces the exit.
 */
export async function driveHeadless(session: RunSession, args: CliArgs): Promise<number> {
  const observer = args.json ? createJsonObserver() : createPlainObserver();
  const operator = createFlagOperator({ yes: args.yes, confirm: args.confirm, markDone: args.markDone, set: args.set }, currentUser());
  const controller = new AbortController();
  const onSignal = (signal: StopSignal) => {
    // The exit hook of the executors stops what is still running (process-group.ts).
    if (controller.signal.aborted) process.exit(exitCodeOf(signal));
    controller.abort(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let outcome: RunOutcome;
  try {
    outcome = await drive(session.start, session.deps(operator, observer, controller.signal));
  } catch (error) {
    // The state home failed (a full disk): the lock is released and connections closed;
    // the index may not be writable either, and the error says what to do.
    await session.finish('paused').catch(() => undefined);
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
  await session.finish(statusOf(outcome));
  // A gate phrase or prompt may be made of a secret (a param, a target's token).
  if (!args.json) process.stderr.write(terminalText(session.redactor.text(explain(outcome, session.runId))));
  return outcome.exitCode;
}

function statusOf(outcome: RunOutcome): string {
  if (outcome.kind === 'over') return outcome.status === 'succeeded' ? 'finished' : outcome.status;
  if (outcome.kind === 'stopped') return outcome.reason === 'gate' ? 'stopped-at-gate' : 'paused';
  return 'paused';
}

/** What the operator should do next, in one or two lines. */
function explain(outcome: RunOutcome, runId: string): string {
  const resume = `pitstop resume ${runId}`;
  if (outcome.kind === 'paused') return `paused. Continue with: ${resume}\n`;
  if (outcome.kind === 'over') {
    if (outcome.status === 'succeeded') return `report: pitstop report ${runId}\n`;
    if (outcome.status === 'failed') return `step ${outcome.stepId} failed. Fix the cause, then: ${resume}\n`;
    return `run aborted. Report: pitstop report ${runId}\n`;
  }
  const ask = outcome.ask;
  switch (ask.type) {
    case 'ask-gate':
      if (ask.rejected) return `the phrase given for ${ask.stepId} does not match: nothing was approved.\n`;
      return ask.gate.type === 'typed'
        ? `stopped at step ${ask.stepId}: it needs a typed confirmation (${ask.gate.prompt ?? 'type the phrase'}: "${ask.gate.phrase}").\n  ${resume} --confirm "${ask.gate.phrase}"   (--yes never passes a typed gate)\n`
        : `stopped at step ${ask.stepId}: it needs a confirmation.\n  ${resume} --yes\n`;
    case 'ask-input':
      return `stopped at step ${ask.stepId}: it needs input ${Object.keys(ask.params).map((p) => `--set ${p}=…`).join(' ')}${ask.errors ? `\n  ${Object.entries(ask.errors).map(([k, e]) => `${k}: ${e}`).join('\n  ')}` : ''}\n  ${resume} ${Object.keys(ask.params).map((p) => `--set ${p}=…`).join(' ')}\n`;
    case 'ask-manual':
      return `stopped at manual step ${ask.stepId}: ${ask.title}. Do it, then: ${resume} --yes\n`;
    case 'ask-interrupted':
      return `step ${ask.stepId} was interrupted while it ran and is not safe to repeat blindly.\n  Check what it did. If it did its work: ${resume} --mark-done ${ask.stepId}\n  To run it again: ${resume} --confirm "${ask.rerunPhrase}"\n  Or decide in the TUI (pitstop resume ${runId} on a terminal: mark done / run again / abort).\n`;
    default:
      return '';
  }
}
