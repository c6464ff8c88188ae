import { readdirSync, readFileSync } from 'node:fs';

/** What pitstop needs of a process's `/proc/PID/stat` line (Linux). */
export interface ProcStat {
  pid: number;
  /** `R`, `S`, `D`, `T`, `Z` (zombie: dead, waiting for its parent to reap it) … */
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot when it started (field 22): with the pid, names one process for good. */
  startTime: number;
}

/** The stat of one process, or null if it is gone (or there is no /proc). */
export function procStat(pid: number): ProcStat | null {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every process's stat, or null where /proc cannot be read (not Linux). */
export function procTable(): ProcStat[] | null {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  const out: ProcStat[] = [];
  for (const name of names) {
    const stat = procStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/** True when the process's initial environment holds `entry` (`NAME=value`); false if unreadable. */
export function environHas(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry);
  } catch {
    return false;
  }
}

function parseStat(pid: number, text: string): ProcStat {
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '?', ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: Number(fields[19]) };
}
