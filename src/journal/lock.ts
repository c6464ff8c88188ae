import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { ensureDir } from '../config/home.js';
import { UsageError } from '../errors.js';
import { procStat } from '../util/proc.js';
import { lockPath } from './paths.js';

/** Who holds a run: written into `<runDir>/lock`. */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  /** Linux boot id: a pid from before a reboot is dead whatever process has it now. */
  boot?: string;
  /**
   * When the holder started, in clock ticks after boot (`/proc/PID/stat` field 22): a live
   * process with the same pid but another start time took over a reused pid.
   */
  start?: number;
  token: string;
}

/** The lock a process holds on a run directory. */
export interface RunLock {
  readonly file: string;
  /** Gives the lock up. Safe to call twice; also done when the process exits. */
  release(): void;
}

/** A lock file that is still being written by its creator gets this long before it counts as stale. */
const UNREADABLE_GRACE_MS = 2000;

/**
 * Ties a run to this process (README, "Resume"): the lock file is created exclusively
 * (O_EXCL). If another live process on this host holds it, the run is refused (exit 2);
 * if its process is gone (a crash, kill -9), the stale lock is taken over.
 */
export function acquireRunLock(runDir: string): RunLock {
  ensureDir(runDir);
  const file = lockPath(runDir);
  const mine: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const boot = bootId();
  if (boot) mine.boot = boot;
  const start = procStat(process.pid)?.startTime;
  if (start !== undefined) mine.start = start;

  for (let tries = 0; tries < 5; tries++) {
    if (tryCreate(file, mine)) return held(file, mine);
    const text = readText(file);
    if (text === null) continue; // released between our attempts: try again
    const holder = parseLock(text);
    if (holder ? isLockLive(holder) : Date.now() - mtimeMs(file) < UNREADABLE_GRACE_MS) throw refuse(runDir, file, holder);
    takeOver(file, text);
  }
  throw new UsageError(`could not lock run ${basename(runDir)}: other processes keep taking it`, { hint: 'Make sure only one pitstop works on this run, then try again.' });
}

/** The current holder of a run's lock, or null when nobody holds it. */
export function readRunLock(runDir: string): LockInfo | null {
  const text = readText(lockPath(runDir));
  return text === null ? null : parseLock(text);
}

/**
 * Whether the process that wrote a lock is still running (always assumed for another host).
 * Where /proc exists, a zombie (killed, not yet reaped by its parent) is dead, and so is a
 * pid that now belongs to a process started at another time.
 */
export function isLockLive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  const boot = bootId();
  if (boot && info.boot && boot !== info.boot) return false;
  const stat = procStat(info.pid);
  if (stat) return stat.state !== 'Z' && (info.start === undefined || stat.startTime === info.start);
  // No /proc entry: gone, unless there is no /proc to look in (then ask the kernel).
  if (procStat(process.pid) !== null) return false;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(info)}\n`);
    fsyncSync(fd);
  } catch (error) {
    // An empty lock left by a full disk would refuse the resume that follows.
    closeSync(fd);
    unlinkSync(file);
    throw error;
  }
  closeSync(fd);
  return true;
}

/**
 * Moves a stale lock aside. Renaming is atomic, so of two processes taking over at once
 * only one moves the stale file; if what we moved turns out to be a fresh lock, it goes back.
 */
function takeOver(file: string, staleText: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // someone else locked it meanwhile: theirs stands
    }
  }
  unlinkSync(aside);
}

function held(file: string, mine: LockInfo): RunLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: after a takeover by someone else, theirs is not ours to remove.
    if (parseLock(readText(file) ?? '')?.token !== mine.token) return;
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { file, release };
}

function refuse(runDir: string, file: string, holder: LockInfo | null): UsageError {
  const run = basename(runDir);
  if (!holder) {
    return new UsageError(`run ${run} is being locked by another process right now; a run is locked to one process`, { hint: 'Try again in a moment.' });
  }
  const where = holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.host}`;
  return new UsageError(`run ${run} is live in ${where}; a run is locked to one process`, {
    hint: `Let it finish, or stop it (Ctrl-C in its terminal) and resume then. If no such process exists any more, delete ${file}.`,
  });
}

function parseLock(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string') return v as LockInfo;
  } catch {
    // torn or foreign content
  }
  return null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

let cachedBoot: string | null | undefined;
function bootId(): string | null {
  if (cachedBoot === undefined) {
    try {
      cachedBoot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBoot = null;
    }
  }
  return cachedBoot;
}
