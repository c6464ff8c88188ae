import type { CliArgs } from '../cli-args.js';

interface Terminal {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/**
 * Whether to draw the TUI: only with a terminal on both ends, and never when plain or JSON
 * output was asked for or CI is set (README, "Using it": without a terminal, nothing waits for a
 * key). Kept apart from the screens so that deciding never loads Ink.
 */
export function wantsTui(
  args: Pick<CliArgs, 'plain' | 'json'>,
  terminal: Terminal = { stdin: process.stdin, stdout: process.stdout, env: process.env },
): boolean {
  if (args.plain || args.json) return false;
  // The same test as Ink's own (is-in-ci): when Ink thinks it runs in CI it draws only the
  // last frame, so a TUI started there would show nothing until it ends.
  if (inCi(terminal.env, 'CI') || inCi(terminal.env, 'CONTINUOUS_INTEGRATION')) return false;
  // A pseudo-terminal with no width draws one character per line: plain is kinder.
  if (terminal.stdout.columns === 0) return false;
  return terminal.stdin.isTTY === true && terminal.stdout.isTTY === true;
}

function inCi(env: NodeJS.ProcessEnv, key: string): boolean {
  const value = env[key];
  return value !== undefined && value !== '0' && value !== 'false';
}
