import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What to do when neither the shipped binary nor `litestream` on PATH can run. */
export const LITESTREAM_MISSING =
  'pitstop ships Litestream for Linux x64 only (npm package @flydotio/litestream-linux-x64); elsewhere install litestream v0.3 and put it on PATH.';

/**
 * The Litestream executable: the platform binary shipped in `@flydotio/litestream-<os>-<arch>`
 * (an optional dependency: only the Linux x64 one exists on the registry, so the wrapper
 * package, which lists all four, cannot be installed from a lock file),
 * called directly (killing the package's node wrapper would orphan the real process), or
 * `litestream` from PATH when the package is not installed.
 */
export function litestreamBinary(): string {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`@flydotio/litestream-${process.platform}-${process.arch}/package.json`);
    const bin = join(dirname(pkg), 'litestream');
    if (existsSync(bin)) return bin;
  } catch {
    // not installed for this platform
  }
  return 'litestream';
}
