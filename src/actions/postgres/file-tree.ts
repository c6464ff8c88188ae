import { chown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of every file under `dir`. */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await dirSize(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}

/** chown -R (symlinks themselves, not their targets). */
export async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  const info = await lstat(path);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    await chownTree(child, uid, gid);
  }
}
