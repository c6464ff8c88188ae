import type { CliArgs } from '../cli-args.js';
import { EXIT } from '../errors.js';
import { runbookJsonSchema } from '../runbook/schema.js';

/** `pitstop schema`: the runbook format as JSON Schema, for editor completion. */
export async function schemaCommand(_args: CliArgs): Promise<number> {
  process.stdout.write(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
