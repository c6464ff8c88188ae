import type { CliArgs } from '../cli-args.js';

interface Terminal {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/**
 * Whether to draw the TUI: only with a terminal on both ends, and never when plain or JSON
 * output was asked for or CI is set (product spec §2: without a terminal, nothing waits for a
 * key). Kept apart from the screens so that deciding never loads Ink.
 */
export function wantsTui(
  args: Pick<CliArgs, 'plain' | 'json'>,
  terminal: Terminal = { stdin: process.stdin, stdout: process.stdout, env: process.env },
): boolean {
  if (args.plain || args.json) return false;
  const ci = terminal.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  // A pseudo-terminal with no width draws one character per line: plain is kinder.
  if (terminal.stdout.columns === 0) return false;
  return terminal.stdin.isTTY === true && terminal.stdout.isTTY === true;
}
