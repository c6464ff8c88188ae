import type { CliArgs } from '../cli-args.js';
import { EXIT, UsageError } from '../errors.js';
import { prepareNewRun } from '../runner/session.js';
import { wantsTui } from '../ui/tty.js';
import { driveHeadless } from './drive-session.js';

/** `pitstop run RUNBOOK`: TUI on a terminal, plain lines or NDJSON otherwise. */
export async function runCommand(args: CliArgs): Promise<number> {
  // Its own chunk: a dry run loads the engine and the action specs, never the runner.
  if (args.dryRun) return (await import('./dry-run.js')).dryRun(args);
  if (wantsTui(args)) {
    const runbook = args.positionals[0];
    if (!runbook) throw new UsageError('which runbook? `pitstop run RUNBOOK`', { hint: 'See `pitstop list`, or run `pitstop` to pick one.' });
    // Ink and React load only here, when there is a terminal to draw on.
    return (await import('./tui.js')).tuiCommand({ kind: 'run', runbook }, args);
  }
  const session = await prepareNewRun(args);
  const code = await driveHeadless(session, args);
  return code ?? EXIT.ok;
}
