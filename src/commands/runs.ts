import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { EXIT } from '../errors.js';
import { formatRunsTable, listRuns } from '../journal/run-index.js';

/** `pitstop runs [--json]`: the run history, newest first. */
export async function runsCommand(args: CliArgs): Promise<number> {
  const runs = await listRuns(pitstopHome());
  if (args.json) process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  else process.stdout.write(runs.length ? `${formatRunsTable(runs)}\n` : 'no runs yet\n');
  return EXIT.ok;
}
