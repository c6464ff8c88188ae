import { constants, existsSync } from 'node:fs';
import { chmod, chown, copyFile, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { utcStamp } from '../common/utc.js';

/**
 * Replaces `path` with `content` so that a reader sees either the whole old file or the whole
 * new one: the new text is written to a temporary file in the same directory (0600, synced),
 * then renamed over the old one, and the directory is synced. The old file is first copied to
 * `PATH.bak` (0600) — or `PATH.bak-<UTC time>` when a `.bak` from an earlier switch is there,
 * which is never overwritten. The new file keeps the old one's owner. A symbolic link (config
 * management often links env files) is followed: the file it points at is replaced and the
 * link stays a link.
 */
export async function replaceFileAtomically(link: string, content: string): Promise<{ backup: string; file: string; previousMode: number }> {
  const path = await realpath(link);
  const old = await stat(path);
  const backup = existsSync(`${path}.bak`) ? `${path}.bak-${utcStamp(new Date())}` : `${path}.bak`;
  await copyFile(path, backup, constants.COPYFILE_EXCL);
  await chmod(backup, 0o600);

  const temp = join(dirname(path), `.${basename(path)}.pitstop-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, 0o600);
    if (process.getuid?.() === 0) await chown(temp, old.uid, old.gid);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
  return { backup, file: path, previousMode: old.mode & 0o777 };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
