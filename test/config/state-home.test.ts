import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir } from '../../src/config/home.js';
import { stateHomeErrorFromPath, toStateHomeError, withNextStep } from '../../src/config/state-home.js';
import { StateHomeError } from '../../src/errors.js';

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: boom`), { code, ...(path ? { path } : {}) });

describe('state home errors', () => {
  it('maps what the operator can fix to one message and a hint, exit 4', () => {
    const cases: Array<[string, RegExp, RegExp]> = [
      ['ENOSPC', /^no space left on device writing the journal in \/h\/runs\/R1$/, /^free space there, then: pitstop resume R1$/],
      ['EDQUOT', /^disk quota exceeded/, /^free space there/],
      ['SQLITE_FULL', /^no space left on device/, /^free space there/],
      ['EROFS', /^read-only file system/, /^make it writable, or set PITSTOP_HOME to a writable directory, then: pitstop resume R1$/],
      ['EACCES', /^permission denied/, /writable/],
      ['SQLITE_IOERR_WRITE', /^input\/output error/, /^check the disk/],
    ];
    for (const [code, message, hint] of cases) {
      const mapped = toStateHomeError(errno(code), { what: 'the journal', dir: '/h/runs/R1', runId: 'R1' }) as StateHomeError;
      expect(mapped).toBeInstanceOf(StateHomeError);
      expect(mapped.message).toMatch(message);
      expect(mapped.hint).toMatch(hint);
      expect(mapped.exitCode).toBe(4);
    }
  });

  it('leaves other errors alone, and without a run says to run the command again', () => {
    const other = errno('ECONNRESET');
    expect(toStateHomeError(other, { what: 'x', dir: '/h' })).toBe(other);
    expect((toStateHomeError(errno('ENOSPC'), { what: 'x', dir: '/h' }) as StateHomeError).hint).toBe('free space there, then: run the same command again');
    const rehinted = withNextStep(toStateHomeError(errno('ENOSPC'), { what: 'x', dir: '/h', runId: 'R1' }), 'something else') as StateHomeError;
    expect(rehinted.hint).toBe('free space there, then: something else');
  });

  it('a raw error with a path in the home names the run it belongs to; paths outside the home are not its business', () => {
    const fromRun = stateHomeErrorFromPath(errno('ENOSPC', '/h/runs/R1/lock'), '/h') as StateHomeError;
    expect(fromRun.message).toBe('no space left on device writing lock in /h/runs/R1');
    expect(fromRun.hint).toContain('pitstop resume R1');
    const outside = errno('ENOSPC', '/elsewhere/file');
    expect(stateHomeErrorFromPath(outside, '/h')).toBe(outside);
  });

  it('a file in the way: ensureDir gives the real reason, and the hint names the file', () => {
    const base = mkdtempSync(join(tmpdir(), 'pitstop-statehome-'));
    writeFileSync(join(base, 'home'), 'a file');
    let caught: unknown;
    try {
      ensureDir(join(base, 'home', 'runs', 'R1'));
    } catch (error) {
      caught = error;
    }
    expect((caught as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    const mapped = toStateHomeError(caught, { what: 'the run lock', dir: join(base, 'home', 'runs', 'R1') }) as StateHomeError;
    expect(mapped.hint).toBe(`set PITSTOP_HOME to a directory (${join(base, 'home')} is not one), then: run the same command again`);
  });
});
