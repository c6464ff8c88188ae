import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { EXIT } from '../errors.js';
import { formatProblem, lintPaths } from '../runbook/lint.js';
import { terminalText } from '../util/terminal-text.js';

/** `pitstop lint [PATH...]`: every problem as FILE:LINE:COL: message; exit 2 on any error. */
export async function lintCommand(args: CliArgs): Promise<number> {
  let paths = args.positionals;
  if (paths.length === 0) {
    paths = ['runbooks', args.config ?? 'pitstop.yaml', ...args.runbooks].filter((p) => existsSync(p));
    if (paths.length === 0) {
      process.stderr.write('pitstop: nothing to lint here (no ./runbooks, no pitstop.yaml)\n  → pitstop lint PATH...\n');
      return EXIT.usage;
    }
  }
  const problems = lintPaths(paths);
  // File names and messages quote the files linted: shown as text, never as terminal control.
  for (const p of problems) process.stdout.write(`${terminalText(formatProblem(p))}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}
