import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { acquireRunLock, readRunLock } from '../../src/journal/lock.js';
import { procStat } from '../../src/util/proc.js';

/** The real lock module, bundled so a plain `node` child process can hold a lock with it. */
let bundle: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  bundle = join(mkdtempSync(join(tmpdir(), 'pitstop-lock-bundle-')), 'lock.mjs');
  await build({ entryPoints: [fileURLToPath(new URL('../../src/journal/lock.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A child process that takes the lock, says so, and then holds it (until told to exit). */
function holder(dir: string): Promise<ChildProcess> {
  const script = `
    const { acquireRunLock } = await import(${JSON.stringify(bundle)});
    acquireRunLock(${JSON.stringify(dir)});
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => process.exit(0));
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve(child));
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())));
}

const runDir = () => join(mkdtempSync(join(tmpdir(), 'pitstop-lock-')), 'runs', '20261122-074512-demo-k3f9');

describe('run lock', () => {
  it('refuses a second process while the first holds the run, and takes over once it is killed', async () => {
    const dir = runDir();
    const child = await holder(dir);
    expect(readRunLock(dir)?.pid).toBe(child.pid);

    let refused: unknown;
    try {
      acquireRunLock(dir);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toBe(`run 20261122-074512-demo-k3f9 is live in process ${child.pid}; a run is locked to one process`);
    expect((refused as UsageError).exitCode).toBe(2);

    // kill -9: no exit handler runs, the lock file stays behind, stale.
    child.kill('SIGKILL');
    await exited(child);
    expect(readRunLock(dir)?.pid).toBe(child.pid);

    const lock = acquireRunLock(dir);
    expect(readRunLock(dir)?.pid).toBe(process.pid);
    lock.release();
    lock.release(); // idempotent
    expect(existsSync(lock.file)).toBe(false);
  });

  it('a process that exits normally gives its lock back', async () => {
    const dir = runDir();
    const child = await holder(dir);
    child.stdin!.write('bye\n');
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(readRunLock(dir)).toBeNull();
  });

  it('the same process cannot lock a run twice; after release it can', () => {
    const dir = runDir();
    const first = acquireRunLock(dir);
    expect(() => acquireRunLock(dir)).toThrow(/is live in process/);
    first.release();
    const second = acquireRunLock(dir);
    expect(JSON.parse(readFileSync(second.file, 'utf8'))).toMatchObject({ pid: process.pid });
    second.release();
  });

  it('records the start time of the holder, and a live pid that started at another time is not the holder (pid reuse)', () => {
    const dir = runDir();
    const first = acquireRunLock(dir);
    expect(readRunLock(dir)?.start).toBe(procStat(process.pid)!.startTime);
    first.release();

    // A lock left by a process whose pid is now this (live) process's: it started at another time.
    mkdirSync(dir, { recursive: true });
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stale = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), boot, start: procStat(process.pid)!.startTime - 1, token: 'feedfacefeedface' };
    writeFileSync(join(dir, 'lock'), JSON.stringify(stale));
    const lock = acquireRunLock(dir);
    expect(readRunLock(dir)?.token).not.toBe('feedfacefeedface');
    lock.release();
  });
});
