import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary directory of a test run lives under one root, removed when the run ends: the
 * tests make thousands (sandboxes, clusters, worlds) and not every file removes its own. Set
 * before the workers start, `TMPDIR` reaches them and every process they spawn. The name is
 * short because PostgreSQL's sockets live below it (a socket path has ~107 bytes).
 */
export default function tempRoot(): () => void {
  const previous = process.env['TMPDIR'];
  const root = mkdtempSync(join(tmpdir(), 'pt-'));
  // Like /tmp: test clusters run as the postgres user, which makes and enters its own directories here.
  chmodSync(root, 0o1777);
  process.env['TMPDIR'] = root;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
