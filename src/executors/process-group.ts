import { readdirSync, readFileSync } from 'node:fs';

/**
 * Commands run as leaders of their own process group (`detached`), so a timeout or an abort
 * can stop everything they started: `sh -c 'a & b'`, `make`, a wrapper script and its
 * children. Killing only the direct child would leave grandchildren running and holding the
 * output pipes open.
 */

const live = new Set<number>();
let exitHookInstalled = false;

/** Remembers a running group so that pitstop exiting stops it too. */
export function trackGroup(pgid: number): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const id of live) signalGroup(id, 'SIGTERM');
    });
  }
  live.add(pgid);
  return () => live.delete(pgid);
}

/**
 * SIGTERM to the whole group, then SIGKILL if anything of it is still alive after
 * `graceMs`. Resolves once the group is gone (or only zombies remain), at most shortly
 * after the SIGKILL.
 */
export async function killGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(25);
    if (!groupAlive(pgid)) return;
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(25);
}

/** Sends a signal to every process of the group; false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True while a process of the group is alive. `kill(-pgid, 0)` also succeeds for zombies,
 * which a container's init may never reap, so the group's members are looked up in /proc
 * where it exists.
 */
function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  const members = groupMembers(pgid);
  return members === null ? true : members.some((m) => m.state !== 'Z');
}

function groupMembers(pgid: number): { pid: number; state: string }[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  const out: { pid: number; state: string }[] = [];
  for (const name of entries) {
    const stat = procStat(Number(name));
    if (stat && stat.pgrp === pgid) out.push({ pid: Number(name), state: stat.state });
  }
  return out;
}

/** State and process group of a process from /proc/PID/stat, or null if it is gone. */
export function procStat(pid: number): { state: string; pgrp: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
