import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BugError } from '../errors.js';
import { PitstopConfig, type TargetConfig } from './schema.js';

/** The sandbox's share of a target: what it takes from the example. */
export type SandboxData = Pick<TargetConfig, 'data' | 'params'>;

/** The example the sandbox is modelled on: the seed 003 ticketing system (Turso/libSQL). */
export const SANDBOX_EXAMPLE = { file: join('examples', 'tickets.pitstop.yaml'), target: 'tickets' } as const;

/**
 * The `data:` and `params:` of the tickets example, parsed and checked against the config
 * schema. The build runs this once and writes the result beside the bundle, so a run reads
 * JSON; this is only reached at run time from the sources (tests). The example is shipped
 * with the package: a broken one is a bug in pitstop, so it throws.
 */
export function sandboxDataFromExample(root: string): SandboxData {
  const file = join(root, SANDBOX_EXAMPLE.file);
  const parsed = PitstopConfig.safeParse(parse(readFileSync(file, 'utf8')));
  const target = parsed.success ? parsed.data.targets[SANDBOX_EXAMPLE.target] : undefined;
  if (!target) throw new BugError(`${file}: not a targets file with a ${SANDBOX_EXAMPLE.target} target (pitstop lint ${file})`);
  return { ...(target.data ? { data: target.data } : {}), ...(target.params ? { params: target.params } : {}) };
}
