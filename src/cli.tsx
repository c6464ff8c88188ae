import { parseCli, USAGE, type CliArgs } from './cli-args.js';
import { BugError, EXIT, PitstopError, UsageError, formatLocation } from './errors.js';
import { terminalText } from './util/terminal-text.js';
import { pitstopHome } from './config/home.js';
import { stateHomeErrorFromPath } from './config/state-home.js';
import pkg from '../package.json' with { type: 'json' };

/**
 * The entry point. Each command lives in its own module, imported only when used, so
 * `pitstop lint` or `list --json` never pay for Ink, database drivers or execa.
 * This is the one place that turns errors into messages and exit codes.
 */
type Command = (args: CliArgs) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  list: async () => (await import('./commands/list.js')).listCommand,
  lint: async () => (await import('./commands/lint.js')).lintCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  resume: async () => (await import('./commands/resume.js')).resumeCommand,
  runs: async () => (await import('./commands/runs.js')).runsCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  home: async () => (await import('./commands/home.js')).homeCommand,
  drill: async () => (await import('./commands/drill.js')).drillCommand,
  drills: async () => (await import('./commands/drills.js')).drillsCommand,
};

async function main(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  if (args.version) {
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  if (args.help || args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[args.command ?? 'home'];
  if (!load) {
    throw new UsageError(`unknown command "${args.command}"`, { hint: 'Run `pitstop --help` for the commands.' });
  }
  return (await load())(args);
}

function report(thrown: unknown): number {
  // A file-system error of the state home that no edge named (full, read-only, in the way) still gets one line.
  const error = stateHomeErrorFromPath(thrown, pitstopHome());
  const known = error instanceof PitstopError ? error : new BugError(String((error as Error)?.stack ?? error), error);
  const where = known.location ? `${formatLocation(known.location)}: ` : '';
  // Messages quote runbooks, values and file names: shown as text, never as terminal control.
  process.stderr.write(terminalText(`pitstop: ${where}${known.message}\n`));
  if (known.hint) process.stderr.write(terminalText(`  → ${known.hint}\n`));
  return known.exitCode;
}

let settled = false;
main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    process.exitCode = report(error);
  },
);

// Node ends a process whose event loop is empty even while a promise waits forever. Had that
// happened mid-run, pitstop would exit 0 as if all went well: say so and fail instead.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.exitCode = report(new BugError('pitstop stopped with work unfinished (nothing left to wait for); the journal has what was done: `pitstop resume` goes on from there'));
});
