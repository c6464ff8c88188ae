import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The CLI tests run the built `dist/cli.js`, as a user would. Build it first when a source file
 * is newer, so `npx vitest run` after an edit never tests yesterday's bundle.
 */
export default function buildCli(): void {
  const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
}
