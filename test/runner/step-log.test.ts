import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateHomeError } from '../../src/errors.js';
import { StepLog } from '../../src/runner/step-log.js';

describe('StepLog', () => {
  it('keeps every line, in order, with stderr marked', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pitstop-steplog-')), 'steps', 'a.1.log');
    const log = new StepLog(file);
    log.write('out', 'stdout');
    log.write('err', 'stderr');
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('out\n[stderr] err\n');
    expect([log.lines, log.failure]).toEqual([2, null]);
  });

  it('a disk that refuses the bytes: never throws, tells the runner once, names the run to resume', () => {
    // /dev/full takes the open and refuses every write with ENOSPC, like a full disk.
    const file = join(mkdtempSync(join(tmpdir(), 'pitstop-steplog-')), 'a.1.log');
    symlinkSync('/dev/full', file);
    const failures: unknown[] = [];
    const log = new StepLog(file, (e) => failures.push(e), 'RUN-1');
    for (let i = 0; i < 2000; i++) log.write('x'.repeat(100), 'stdout');
    expect(() => log.close()).not.toThrow();
    expect(failures).toHaveLength(1);
    expect(log.failure).toBeInstanceOf(StateHomeError);
    expect((log.failure as StateHomeError).message).toMatch(/^no space left on device writing the step log/);
    expect((log.failure as StateHomeError).hint).toBe('free space there, then: pitstop resume RUN-1');
    expect((log.failure as StateHomeError).exitCode).toBe(4);
  });
});
