import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer } from 'node:net';
import { ActionError } from '../errors.js';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** argv prefixed with `runuser -u postgres --` when running as root (initdb and postgres refuse root). */
export function runAsPostgresArgv(argv: string[]): string[] {
  return isRoot() ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
}

let owner: { uid: number; gid: number } | null | undefined;

/** uid/gid of the `postgres` user when running as root (directories must belong to it), else null. */
export function postgresOwner(): { uid: number; gid: number } | null {
  if (owner !== undefined) return owner;
  if (!isRoot()) return (owner = null);
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    owner = { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new ActionError('running as root, but there is no "postgres" user to run the PostgreSQL server as', {
      hint: 'Create the user (the postgresql package does), or run pitstop as an ordinary user.',
    });
  }
  return owner;
}

/** A port nothing listens on right now (bind port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether `owner` may traverse every directory down to `dir` (permission bits). */
export function ownerCanEnter(dir: string, owner: { uid: number; gid: number }): boolean {
  for (let d = dir; ; d = dirname(d)) {
    const st = statSync(d);
    const bit = st.uid === owner.uid ? 0o100 : st.gid === owner.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return false;
    if (dirname(d) === d) return true;
  }
}
