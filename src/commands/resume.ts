import type { CliArgs } from '../cli-args.js';
import { prepareResume } from '../runner/resume-session.js';
import { wantsTui } from '../ui/tty.js';
import { driveHeadless } from './drive-session.js';

/** `pitstop resume [RUN_ID]`: replay the journal, then go on where the run stopped. */
export async function resumeCommand(args: CliArgs): Promise<number> {
  if (wantsTui(args)) {
    const runId = args.positionals[0];
    return (await import('./tui.js')).tuiCommand({ kind: 'resume', ...(runId ? { runId } : {}) }, args);
  }
  const session = await prepareResume(args);
  if (session.notice.length > 0) process.stderr.write(`${session.notice.join('\n')}\n`);
  return driveHeadless(session, args);
}
