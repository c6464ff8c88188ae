import { createElement } from 'react';
import { render } from 'ink';
import type { CliArgs } from '../cli-args.js';
import { EXIT } from '../errors.js';
import { exitCodeOf, type StopSignal } from '../runner/stop-signals.js';
import { App } from '../ui/App.js';
import { createAppFlow, type StartWith } from '../ui/app-flow.js';
import { createLauncher } from '../ui/launcher.js';

/** After a second Ctrl+C, how long the run gets to stop its command before pitstop leaves anyway. */
const FORCE_GRACE_MS = 1000;
/**
 * After SIGTERM or SIGHUP, the same: long enough for a command that ignores SIGTERM to be
 * killed (the executor's grace is 3 s) and the pause journaled; the run then ends by itself.
 */
const SIGNAL_GRACE_MS = 5000;

/**
 * The TUI for `run`, `resume` and home on a terminal. The first frame is drawn before anything
 * heavy is loaded; the run itself goes through the same session and runner as plain mode.
 * Every way out leaves the terminal as it was (Ink restores raw mode and the cursor).
 */
export async function tuiCommand(start: StartWith, args: CliArgs): Promise<number> {
  const flow = createAppFlow(createLauncher(args), start);
  const instance = render(createElement(App, { flow }), { exitOnCtrlC: false });

  let forced: NodeJS.Timeout | null = null;
  let forcedBy: StopSignal = 'SIGINT';
  /** A signal that closed the TUI outside a run: the exit code comes from it. */
  let leftBy: StopSignal | null = null;
  const watched = new Set<unknown>();
  const unwatch = flow.subscribe(() => {
    const view = flow.getSnapshot();
    if (view.screen !== 'run' || watched.has(view.controller)) return;
    const controller = view.controller;
    watched.add(controller);
    controller.subscribe(() => {
      if (controller.getSnapshot().forced && !forced) {
        forced = setTimeout(
          () => {
            instance.unmount();
            process.exit(exitCodeOf(forcedBy));
          },
          forcedBy === 'SIGINT' ? FORCE_GRACE_MS : SIGNAL_GRACE_MS,
        );
      }
    });
  });

  // A signal from outside (kill -INT, a closing terminal) is handled like Ctrl+C at the keyboard.
  const onSignal = () => {
    const view = flow.getSnapshot();
    if (view.screen === 'run') view.controller.interrupt();
    else if (view.screen === 'drill') view.drill.interrupt('SIGINT');
    else if (view.screen === 'loading') process.exit(EXIT.sigint);
    else flow.quit();
  };
  // SIGTERM, or SIGHUP from a closing terminal: nobody is there to answer, leave now (journaled).
  const onTerm = (signal: StopSignal) => {
    const view = flow.getSnapshot();
    if (view.screen === 'run') {
      forcedBy = signal;
      view.controller.forceStop(signal);
    } else if (view.screen === 'drill') {
      // The drill stops its recovery run, or (outside it) removes its world and leaves.
      view.drill.interrupt(signal);
    } else if (view.screen === 'loading') {
      // What is loading cannot be cancelled and could go on to open a run: leave at once.
      process.exit(exitCodeOf(signal));
    } else {
      leftBy = signal;
      instance.unmount();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onTerm);
  // The first frame is on screen before runbooks, the run index or any driver are loaded.
  setImmediate(() => flow.begin());
  try {
    await instance.waitUntilExit();
  } finally {
    unwatch();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onTerm);
    if (forced) clearTimeout(forced);
  }
  if (leftBy) return exitCodeOf(leftBy);
  const view = flow.getSnapshot();
  if (view.screen !== 'done') return EXIT.ok;
  if (view.error !== undefined) throw view.error;
  // How the run ended is the last frame, which stays on screen: it is not printed again.
  return view.code;
}
