import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs the test mounted (as root), to fill up or make read-only. */
export interface SmallFs {
  dir: string;
  /** Writes a filler file until the file system says ENOSPC: every free page is taken. */
  fill(): void;
  /** Grows (or shrinks) the file system in place: how a test "frees space". */
  resize(size: string): void;
  /** Remounts read-only (true) or read-write (false). */
  readOnly(on: boolean): void;
  unmount(): void;
}

/** Why tmpfs tests cannot run here (not root, no mount), or null when they can. */
export function tmpfsUnavailable(): string | null {
  try {
    const fs = mountSmallFs('64k');
    fs.unmount();
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]}): full-disk tests skipped`;
  }
}

/** Mounts a tmpfs of `size` (e.g. `1m`) on a new temporary directory. */
export function mountSmallFs(size: string, opts: { readOnly?: boolean } = {}): SmallFs {
  const dir = mkdtempSync(join(tmpdir(), 'pitstop-tmpfs-'));
  const options = `size=${size},mode=0755${opts.readOnly ? ',ro' : ''}`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  return {
    dir,
    fill: () => fillUp(join(dir, 'filler')),
    resize: (to) => execFileSync('mount', ['-o', `remount,size=${to}`, dir], { stdio: 'pipe' }),
    readOnly: (on) => execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'pipe' }),
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmdirSync(dir);
    },
  };
}

function fillUp(file: string): void {
  const fd = openSync(file, 'a');
  try {
    // Big chunks first, then single bytes to take the slack of the last page too.
    for (const size of [64 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x2e);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
