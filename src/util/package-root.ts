import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The installed package's root (where package.json and the shipped runbooks are), found by
 * walking up from this module: the same answer from `src/` under vitest and from `dist/`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'runbooks'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the pitstop package root');
    dir = parent;
  }
  cached = dir;
  return dir;
}
