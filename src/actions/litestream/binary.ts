import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Litestream executable: the platform binary shipped in `@flydotio/litestream-<os>-<arch>`,
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
