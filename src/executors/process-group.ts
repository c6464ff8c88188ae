import { randomBytes } from 'node:crypto';
import { environHas, procStat, procTable, type ProcStat } from '../util/proc.js';

export { procStat } from '../util/proc.js';

/**
 * Commands run as leaders of their own process group (`detached`), so a timeout or an abort
 * can stop everything they started: `sh -c 'a & b'`, `make`, a wrapper script and its
 * children. The group is not enough: a descendant that called `setsid` (a daemon, `nohup`
 * wrappers, `pg_ctl start`) leaves it. So the tree is found in /proc by three links: the
 * group, the parent pid of every process (walked down from the leader), and a mark each tree
 * carries in its environment, which finds a descendant whose parent already exited (it was
 * reparented and has no link to the leader any more). The tree is listed before any signal
 * is sent: killing a parent reparents its children, and the ppid walk would lose them.
 */

/** The environment variable every process of a tree inherits, holding the tree's mark. */
export const TREE_MARK_VAR = 'PITSTOP_TREE';

/** A process tree pitstop started and may have to stop. */
export interface ProcessTree {
  /** The first process, leader of its own process group. */
  pid: number;
  /** The value of `TREE_MARK_VAR` in its environment (see `newTreeMark`). */
  mark: string;
  /** The leader's start time (see `ProcStat`), read right after it started, if known. */
  startTime?: number;
}

/** One process, named for good: a pid alone may be reused once it is gone. */
interface Member {
  pid: number;
  startTime: number;
}

/** A fresh mark, to put into a new tree's environment as `TREE_MARK_VAR`. */
export function newTreeMark(): string {
  return randomBytes(9).toString('base64url');
}

const live = new Set<ProcessTree>();
let exitHookInstalled = false;

/** Remembers a running tree so that pitstop exiting (even forced) stops it too. */
export function trackTree(tree: ProcessTree): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const t of live) killTreeNow(t);
    });
  }
  live.add(tree);
  return () => live.delete(tree);
}

/**
 * SIGTERM to every process of the tree, then SIGKILL to whatever of it (or anything it started
 * meanwhile) is still alive after `graceMs`. Resolves once the tree is gone (zombies aside),
 * at most shortly after the SIGKILL.
 */
export async function killTree(tree: ProcessTree, graceMs: number): Promise<void> {
  const members = treeMembers(tree, []);
  if (members === null) return killGroupOnly(tree.pid, graceMs);
  if (members.length === 0) return;
  signalAll(tree, members, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(25);
    if (!members.some(isAlive)) return;
  }
  const left = treeMembers(tree, members.filter(isAlive)) ?? members;
  signalAll(tree, left, 'SIGKILL');
  for (let i = 0; i < 20 && left.some(isAlive); i++) await sleep(25);
}

/** The synchronous version for the exit hook: SIGTERM, a short grace, SIGKILL. */
function killTreeNow(tree: ProcessTree): void {
  const members = treeMembers(tree, []) ?? [];
  signalAll(tree, members, 'SIGTERM');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 10 && members.some(isAlive); i++) Atomics.wait(pause, 0, 0, 20);
  signalAll(tree, members.filter(isAlive), 'SIGKILL');
}

/**
 * The living processes of a tree (see the module comment), descendants of `survivors` too;
 * null where there is no /proc.
 */
function treeMembers(tree: ProcessTree, survivors: Member[]): Member[] | null {
  const table = procTable();
  if (table === null) return null;
  const children = new Map<number, ProcStat[]>();
  for (const stat of table) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const found = new Map<number, ProcStat>();
  const take = (stat: ProcStat): void => {
    if (found.has(stat.pid) || stat.pid === process.pid) return;
    found.set(stat.pid, stat);
    for (const child of children.get(stat.pid) ?? []) take(child);
  };
  const mark = `${TREE_MARK_VAR}=${tree.mark}`;
  const ours = !leaderReused(tree);
  const roots = new Set([...(ours ? [tree.pid] : []), ...survivors.map((m) => m.pid)]);
  for (const stat of table) {
    if (roots.has(stat.pid) || (ours && stat.pgrp === tree.pid) || environHas(stat.pid, mark)) take(stat);
  }
  return [...found.values()].filter((s) => s.state !== 'Z').map((s) => ({ pid: s.pid, startTime: s.startTime }));
}

/**
 * The leader exited and its pid now names another process. The kernel never hands out a pid
 * that is still a process group's id, so its group is empty too: neither is ours to signal.
 */
function leaderReused(tree: ProcessTree): boolean {
  if (tree.startTime === undefined) return false;
  const stat = procStat(tree.pid);
  return stat !== null && stat.startTime !== tree.startTime;
}

function signalAll(tree: ProcessTree, members: Member[], signal: NodeJS.Signals): void {
  if (!leaderReused(tree)) signalGroup(tree.pid, signal);
  for (const member of members) {
    if (!isAlive(member)) continue;
    try {
      process.kill(member.pid, signal);
    } catch {
      // gone meanwhile
    }
  }
}

/** Still the same process (not a reused pid), and not a zombie. */
function isAlive(member: Member): boolean {
  const stat = procStat(member.pid);
  return stat !== null && stat.startTime === member.startTime && stat.state !== 'Z';
}

/** Without /proc: the process group is all that can be found. */
async function killGroupOnly(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(25);
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, 'SIGKILL');
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
