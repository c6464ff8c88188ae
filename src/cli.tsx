import { parseCli, USAGE, type CliArgs } from './cli-args.js';
import { BugError, EXIT, PitstopError, formatLocation } from './errors.js';
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
  home: async () => (await import('./commands/home.js')).homeCommand,
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
    throw new PitstopError(`unknown command "${args.command}"`, { hint: 'Run `pitstop --help` for the commands.' });
  }
  return (await load())(args);
}

function report(error: unknown): number {
  const known = error instanceof PitstopError ? error : new BugError(String((error as Error)?.stack ?? error), error);
  const where = known.location ? `${formatLocation(known.location)}: ` : '';
  process.stderr.write(`pitstop: ${where}${known.message}\n`);
  if (known.hint) process.stderr.write(`  → ${known.hint}\n`);
  return known.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
