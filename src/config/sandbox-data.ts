import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../util/package-root.js';
import { PitstopConfig, type TargetConfig } from './schema.js';

/** The example the sandbox is modelled on: the seed 003 ticketing system (Turso/libSQL). */
export const SANDBOX_EXAMPLE = { file: join('examples', 'tickets.pitstop.yaml'), target: 'tickets' } as const;

let cached: Pick<TargetConfig, 'data' | 'params'> | undefined;

/**
 * The sandbox's `data:` and `params:`, read from the tickets example rather than copied, so
 * the example and the sandbox never disagree. Only those two fields are taken: the sandbox's
 * database, URL and backups are its own. The example is shipped with the package; a broken
 * one is a bug in pitstop, so it throws.
 */
export function sandboxData(): Pick<TargetConfig, 'data' | 'params'> {
  if (cached) return cached;
  const file = join(packageRoot(), SANDBOX_EXAMPLE.file);
  const parsed = PitstopConfig.safeParse(parse(readFileSync(file, 'utf8')));
  const target = parsed.success ? parsed.data.targets[SANDBOX_EXAMPLE.target] : undefined;
  if (!target) throw new Error(`${file}: not a targets file with a ${SANDBOX_EXAMPLE.target} target (pitstop lint ${file})`);
  cached = { ...(target.data ? { data: target.data } : {}), ...(target.params ? { params: target.params } : {}) };
  return cached;
}
