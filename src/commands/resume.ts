import type { CliArgs } from '../cli-args.js';
import { prepareResume } from '../runner/session.js';
import { driveHeadless } from './drive-session.js';

/** `pitstop resume [RUN_ID]`: replay the journal, then go on where the run stopped. */
export async function resumeCommand(args: CliArgs): Promise<number> {
  const session = await prepareResume(args);
  return driveHeadless(session, args);
}
