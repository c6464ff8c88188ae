import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { LoadedRunbook } from '../runbook/load.js';
import { parseYaml } from '../runbook/positions.js';
import { Runbook } from '../runbook/schema.js';
import { hashOf } from './runbook-copy.js';

// Apart from runbook-copy.ts (what a new run writes) so that starting a run loads no YAML parser.

/**
 * The runbook copy `name` of a run, or null when there is none (a run started before copies
 * were kept). Its hash must be the journaled one. Only the schema is checked, not today's
 * lint: the copy is what the run was started with, and it must stay resumable.
 */
export function loadRunbookCopy(runDir: string, name: string, hash: string): LoadedRunbook | null {
  const file = join(runDir, name);
  if (!existsSync(file)) return null;
  const source = readFileSync(file, 'utf8');
  if (hashOf(source) !== hash) {
    throw new ConfigError(`the runbook copy ${file} is not the one the journal names (hash ${hash.slice(0, 12)}…)`, {
      location: { file },
      hint: 'The run directory was changed after the run began; keep it for the record and start a new run.',
    });
  }
  const parsed = Runbook.safeParse(parseYaml(file, source).doc.toJS());
  if (!parsed.success) {
    throw new ConfigError(`the runbook copy ${file} does not load: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      location: { file },
      hint: 'The run directory is damaged; keep it for the record and start a new run.',
    });
  }
  return { runbook: parsed.data, file, source, hash };
}
