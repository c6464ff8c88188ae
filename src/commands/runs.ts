import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { EXIT } from '../errors.js';
import { formatRunsTable, listRuns } from '../journal/run-index.js';
import { terminalJson, terminalText } from '../util/terminal-text.js';

/** `pitstop runs [--json]`: the run history, newest first. */
export async function runsCommand(args: CliArgs): Promise<number> {
  const runs = await listRuns(pitstopHome());
  if (args.json) process.stdout.write(`${terminalJson(runs, 2)}\n`);
  else process.stdout.write(runs.length ? terminalText(`${formatRunsTable(runs)}\n`) : 'no runs yet\n');
  return EXIT.ok;
}
