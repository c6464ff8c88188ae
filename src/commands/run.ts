import type { CliArgs } from '../cli-args.js';
import { EXIT } from '../errors.js';
import { prepareNewRun } from '../runner/session.js';
import { driveHeadless } from './drive-session.js';
import { dryRun } from './dry-run.js';

/** `pitstop run RUNBOOK`: TUI on a terminal, plain lines or NDJSON otherwise. */
export async function runCommand(args: CliArgs): Promise<number> {
  if (args.dryRun) return dryRun(args);
  const session = await prepareNewRun(args);
  const code = await driveHeadless(session, args);
  return code ?? EXIT.ok;
}
