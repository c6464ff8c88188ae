import type { CliArgs } from '../cli-args.js';
import { EXIT, UsageError } from '../errors.js';

const SCHEMAS = {
  runbook: async () => (await import('../runbook/schema.js')).runbookJsonSchema(),
  targets: async () => (await import('../config/schema.js')).targetsJsonSchema(),
} as const;

/** `pitstop schema [runbook|targets]`: the runbook format or pitstop.yaml as JSON Schema, for editor completion. */
export async function schemaCommand(args: CliArgs): Promise<number> {
  const which = args.positionals[0] ?? 'runbook';
  if (args.positionals.length > 1 || !Object.hasOwn(SCHEMAS, which)) {
    throw new UsageError(`no schema named ${args.positionals.join(' ')}`, {
      hint: 'pitstop schema runbook (the runbook format, the default) or pitstop schema targets (pitstop.yaml).',
    });
  }
  process.stdout.write(`${JSON.stringify(await SCHEMAS[which as keyof typeof SCHEMAS](), null, 2)}\n`);
  return EXIT.ok;
}
