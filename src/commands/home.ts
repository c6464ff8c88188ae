import type { CliArgs } from '../cli-args.js';
import { USAGE } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { EXIT } from '../errors.js';
import { listRuns } from '../journal/run-index.js';
import { wantsTui } from '../ui/tty.js';
import { terminalText } from '../util/terminal-text.js';
import { listCommand } from './list.js';

/**
 * `pitstop` with no command: the TUI home on a terminal. Without one there is nothing to
 * draw: show the runbooks and the unfinished runs as text, and how to go on.
 */
export async function homeCommand(args: CliArgs): Promise<number> {
  if (wantsTui(args)) return (await import('./tui.js')).tuiCommand({ kind: 'home' }, args);
  const unfinished = (await listRuns(pitstopHome())).filter((r) => r.status !== 'finished' && r.status !== 'aborted');
  if (unfinished.length > 0) {
    process.stdout.write('Unfinished runs (pitstop resume RUN_ID):\n');
    for (const r of unfinished.slice(0, 5)) process.stdout.write(terminalText(`  ${r.runId}  ${r.status}  target ${r.target}\n`));
    process.stdout.write('\n');
  }
  process.stdout.write('Runbooks (pitstop run ID):\n');
  await listCommand({ ...args, json: false });
  process.stdout.write(`\n${USAGE.split('\n').slice(2, 3).join('\n')}\nMore: pitstop --help\n`);
  return EXIT.ok;
}
