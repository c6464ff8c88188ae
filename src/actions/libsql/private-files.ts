import { chmod, mkdir, open, stat } from 'node:fs/promises';

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/** What became of a backups directory: its mode now, and the mode it had when it was open to others. */
export interface PrivateDir {
  dir_mode: string;
  dir_tightened_from?: string;
}

/**
 * Makes `dir` a private directory for backups (they hold the whole database): created 0700
 * when missing; an existing one that group or others can enter is tightened to 0700 and the
 * step says so, or, when that is not allowed (another owner), the step says what it found.
 * With `tighten: false` (a directory the operator named for one file, which may be shared,
 * like /tmp) an open directory is only reported.
 */
export async function privateDir(dir: string, log: (line: string) => void, { tighten = true } = {}): Promise<PrivateDir> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const before = (await stat(dir)).mode & 0o777;
  if ((before & 0o077) === 0) return { dir_mode: octal(before) };
  if (!tighten) {
    log(`directory ${dir} is ${octal(before)}: others on this machine can list the file written there (the file itself is 0600)`);
    return { dir_mode: octal(before) };
  }
  try {
    await chmod(dir, before & 0o700);
  } catch (error) {
    log(`backups directory ${dir} is ${octal(before)} and could not be made 0700 (${(error as Error).message}): others on this machine can list its files`);
    return { dir_mode: octal(before) };
  }
  log(`backups directory ${dir} was ${octal(before)}: now ${octal(before & 0o700)}, since backups hold the whole database`);
  return { dir_mode: octal(before & 0o700), dir_tightened_from: octal(before) };
}

/** An empty new file only its owner can read, for a tool (VACUUM INTO) to fill. Fails if it exists. */
export async function createPrivateFile(path: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  await handle.close();
}

/** Restricts files written by others (the Turso CLI, a checksum writer) to their owner: 0600. */
export async function makePrivate(...paths: string[]): Promise<void> {
  for (const path of paths) await chmod(path, 0o600);
}
