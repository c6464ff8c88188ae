import { readFileSync } from 'node:fs';
import { packageRoot } from '../util/package-root.js';
import { sandboxDataFromExample, type SandboxData } from './sandbox-data-source.js';

/** Its name beside the bundle (scripts/build.mjs writes it, from the example, checked). */
export const SANDBOX_DATA_FILE = 'sandbox-data.json';

let cached: SandboxData | undefined;

/**
 * The sandbox's `data:` and `params:`, taken from the tickets example rather than copied, so
 * the example and the sandbox never disagree. Only those two fields are taken: the sandbox's
 * database, URL and backups are its own. A built pitstop reads them from the JSON the build
 * wrote (no YAML parser, no schema at run time); from the sources, from the example itself.
 */
export function sandboxData(): SandboxData {
  cached ??= builtSandboxData() ?? sandboxDataFromExample(packageRoot());
  return cached;
}

function builtSandboxData(): SandboxData | undefined {
  let text: string;
  try {
    text = readFileSync(new URL(`./${SANDBOX_DATA_FILE}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as SandboxData;
}
