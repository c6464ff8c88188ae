import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environHas, procStat, procTable } from '../../src/util/proc.js';

describe('/proc reading', () => {
  it('reads state, parent, group and start time of a process, even when its name holds ") ("', async () => {
    // The command name is the file name: one with spaces and parentheses must not shift the fields.
    const odd = join(mkdtempSync(join(tmpdir(), 'pitstop-proc-')), 'a) b (c');
    copyFileSync('/bin/sleep', odd);
    const child = spawn(odd, ['30'], { detached: true, stdio: 'ignore', env: { ...process.env, PITSTOP_PROBE: 'yes' } });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const stat = procStat(child.pid!)!;
      expect(stat).toMatchObject({ pid: child.pid, ppid: process.pid, pgrp: child.pid });
      expect(['S', 'R']).toContain(stat.state);
      expect(stat.startTime).toBeGreaterThanOrEqual(procStat(process.pid)!.startTime);
      expect(procTable()!.some((s) => s.pid === child.pid)).toBe(true);
      expect(environHas(child.pid!, 'PITSTOP_PROBE=yes')).toBe(true);
      expect(environHas(child.pid!, 'PITSTOP_PROBE=no')).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(procStat(child.pid!)).toBeNull();
  });
});
