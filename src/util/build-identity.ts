import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };

/**
 * This pitstop's version and the identity of its code: a rebuild writes every file of the
 * bundle anew, so its time changes. What a cached check result must match to be reused.
 */
export function buildIdentity(): string {
  return `${pkg.version}:${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;
}
