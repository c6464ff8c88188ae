import type { CliArgs } from '../cli-args.js';
import { drive, type RunObserver, type RunOutcome } from '../runner/loop.js';
import { createFlagOperator, type Operator } from '../runner/operator.js';
import { createJsonObserver } from '../runner/json-output.js';
import { createPlainObserver } from '../runner/plain-output.js';
import { currentUser, type RunSession } from '../runner/session.js';
import { exitCodeOf, STOP_SIGNALS, type StopSignal } from '../runner/stop-signals.js';
import { terminalText } from '../util/terminal-text.js';

/**
 * Runs a prepared session headless (plain lines or NDJSON): answers come from the flags
 * (or from `given.operator`, e.g. a drill's `--auto`), shown by `given.observer` if given.
 * SIGINT, SIGTERM and SIGHUP pause the run: the running step's process tree is stopped,
 * `run/paused` names the signal, and the exit code is 128 + its number. A second signal
 * forces the exit.
 */
export async function driveHeadless(session: RunSession, args: CliArgs, given: { operator?: Operator; observer?: RunObserver; advice?: boolean } = {}): Promise<number> {
  const seen = { redactor: session.redactor, ...(session.before ? { before: session.before } : {}) };
  const observer = given.observer ?? (args.json ? createJsonObserver(undefined, seen) : createPlainObserver(undefined, seen));
  const operator = given.operator ?? createFlagOperator({ yes: args.yes, confirm: args.confirm, markDone: args.markDone, set: args.set }, currentUser());
  const controller = new AbortController();
  const onSignal = (signal: StopSignal) => {
    // The exit hook of the executors stops what is still running (process-group.ts).
    if (controller.signal.aborted) process.exit(exitCodeOf(signal));
    controller.abort(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  // Journaled before the loop began: shown first, secrets masked as the loop does for its own.
  for (const event of session.announced) observer.event(session.redactor.deep(event), session.start.state);
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
  const { ending } = outcome;
  // Told before the journal closes, so an undelivered notification is on record; it never changes the exit code.
  for (const failed of await session.announceEnd(ending)) {
    if (args.json) observer.event(failed, outcome.state);
    else process.stderr.write(terminalText(`pitstop: notification ${failed.hook} not delivered: ${failed.error}\n`));
  }
  await session.finish(ending.status);
  // A gate phrase or prompt may be made of a secret (a param, a target's token).
  if (!args.json && given.advice !== false) process.stderr.write(terminalText(session.redactor.text(ending.advice)));
  return ending.exitCode;
}
