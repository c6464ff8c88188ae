import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/engine/types.js';
import { createCommandExecutor } from '../../src/executors/command.js';
import { procStat } from '../../src/executors/process-group.js';
import type { ExecContext, OutputStream } from '../../src/executors/types.js';
import { createRedactor } from '../../src/util/redact.js';

const node = process.execPath;
const base = mkdtempSync(join(tmpdir(), 'pitstop-cmd-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function freshDir(): string {
  return mkdtempSync(join(base, 'case-'));
}

function ctx(extra: Partial<ExecContext> = {}): ExecContext & { seen: [string, OutputStream][] } {
  const seen: [string, OutputStream][] = [];
  return { signal: new AbortController().signal, onOutput: (l, s) => seen.push([l, s]), seen, ...extra };
}

const cmd = (argv: string[], extra: Partial<CommandRequest> = {}): CommandRequest => ({ kind: 'command', argv, ...extra });
const exec = createCommandExecutor({ redactor: createRedactor([]) });

function gone(pid: number): boolean {
  const stat = procStat(pid);
  return stat === null || stat.state === 'Z';
}

describe('command executor', () => {
  it('reports the exit code', async () => {
    expect((await exec.run(cmd([node, '-e', 'process.exit(3)']), ctx())).exitCode).toBe(3);
    const ok = await exec.run(cmd([node, '-e', 'console.log("hi")']), ctx());
    expect(ok).toMatchObject({ exitCode: 0, stdout: 'hi\n', stderr: '', lines: 1, bytes: 3, timedOut: false });
  });

  it('with secretOutput, shows and logs nothing of what the command prints; only the result holds it', async () => {
    const logFile = join(freshDir(), 'step.log');
    const c = ctx({ secretOutput: true, logFile });
    const result = await exec.run(cmd([node, '-e', 'console.log("tok-created-123"); console.error("note")']), c);
    expect(c.seen).toEqual([]);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'tok-created-123\n', lines: 2 });
    expect(readdirSync(join(logFile, '..')).map((f) => readFileSync(join(logFile, '..', f), 'utf8')).join('')).toBe('');
  });

  it('passes env over the inherited environment, and cwd', async () => {
    const dir = freshDir();
    const c = ctx();
    const r = await exec.run(
      cmd([node, '-e', 'console.log(process.env.PITSTOP_T, Boolean(process.env.PATH), process.cwd())'], { env: { PITSTOP_T: 'v 1' }, cwd: dir }),
      c,
    );
    expect(r.exitCode).toBe(0);
    expect(c.seen).toEqual([[`v 1 true ${realpathSync(dir)}`, 'stdout']]);
  });

  it('hands each hostile argv element to the child as one literal argument, through no shell', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'print-args.cjs'), 'console.log(JSON.stringify(process.argv.slice(2)))\n');
    const hostile = ["'; DROP TABLE t; --", '$(touch PWNED1)', '`touch PWNED2`', 'a\nb && touch PWNED3', '*', '> PWNED4', '"quoted" \\ back'];
    const c = ctx();
    const r = await exec.run(cmd([node, 'print-args.cjs', ...hostile], { cwd: dir }), c);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(c.seen[0]![0])).toEqual(hostile);
    expect(readdirSync(dir)).toEqual(['print-args.cjs']);
  });

  it('splits output into lines: stdout and stderr, \\r\\n, a last line without newline', async () => {
    const c = ctx();
    const script = 'process.stdout.write("a\\r\\nb\\n"); process.stderr.write("warn\\n"); process.stdout.write("tail")';
    const r = await exec.run(cmd([node, '-e', script]), c);
    expect(c.seen).toEqual(expect.arrayContaining([['a', 'stdout'], ['b', 'stdout'], ['warn', 'stderr'], ['tail', 'stdout']]));
    expect(r.lines).toBe(4);
    expect(r.stderr).toBe('warn\n');
  });

  it('never lets a secret printed by the child reach onOutput, the log file or the result', async () => {
    const dir = freshDir();
    const logFile = join(dir, 'logs', 'step.log');
    const secret = 'hunter2-S3CRET';
    const redacting = createCommandExecutor({ redactor: createRedactor([secret]) });
    // The secret also arrives split between two writes, and URL-encoded on stderr.
    const script = `
      process.stdout.write('password is ${secret}\\n');
      process.stderr.write('url: postgres://u:' + encodeURIComponent('${secret}') + '@h/db\\n');
      process.stdout.write('split ${secret.slice(0, 5)}');
      setTimeout(() => process.stdout.write('${secret.slice(5)} end\\n'), 50);`;
    const c = ctx({ logFile });
    const r = await redacting.run(cmd([node, '-e', script], { env: { TOKEN: secret } }), c);
    const everything = [JSON.stringify(c.seen), readFileSync(logFile, 'utf8'), JSON.stringify(r)].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('S3CRET');
    expect(c.seen).toEqual([
      ['password is ***', 'stdout'],
      ['url: postgres://u:***@h/db', 'stderr'],
      ['split *** end', 'stdout'],
    ]);
    expect(readFileSync(logFile, 'utf8')).toBe('password is ***\n[stderr] url: postgres://u:***@h/db\nsplit *** end\n');
  });

  it('writes all of a 200,000-line output to the log while keeping only a bounded tail', async () => {
    const dir = freshDir();
    const logFile = join(dir, 'big.log');
    let count = 0;
    const small = createCommandExecutor({ redactor: createRedactor([]), tailBytes: 4096 });
    const script = 'let s = ""; for (let i = 0; i < 200000; i++) { s += "line " + i + "\\n"; if (s.length > 65536) { process.stdout.write(s); s = ""; } } process.stdout.write(s)';
    const r = await small.run(cmd([node, '-e', script]), { signal: new AbortController().signal, logFile, onOutput: () => count++ });
    expect(r.exitCode).toBe(0);
    expect(r.lines).toBe(200_000);
    expect(count).toBe(200_000);
    const log = readFileSync(logFile, 'utf8').split('\n');
    expect(log).toHaveLength(200_001);
    expect(log[0]).toBe('line 0');
    expect(log[199_999]).toBe('line 199999');
    expect(r.stdout.length).toBeLessThanOrEqual(4096);
    expect(r.stdout.endsWith('line 199999\n')).toBe(true);
    expect(r.stdout.startsWith('line ')).toBe(true);
    expect(r.bytes).toBe(readFileSync(logFile).length);
  });

  it('on timeout kills the whole process tree, grandchildren included', async () => {
    const fast = createCommandExecutor({ redactor: createRedactor([]), killGraceMs: 1000 });
    const c = ctx();
    const started = Date.now();
    const r = await fast.run(cmd(['sh', '-c', 'sleep 100 & echo $!; sleep 100'], { timeoutMs: 500 }), c);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ timedOut: true, exitCode: null });
    const grandchild = Number(c.seen[0]![0]);
    expect(grandchild).toBeGreaterThan(0);
    expect(gone(grandchild)).toBe(true);
  });

  it('escalates to SIGKILL for a process that ignores SIGTERM', async () => {
    const fast = createCommandExecutor({ redactor: createRedactor([]), killGraceMs: 300 });
    const c = ctx();
    const script = 'process.on("SIGTERM", () => {}); console.log(process.pid); setInterval(() => {}, 1000)';
    const r = await fast.run(cmd([node, '-e', script], { timeoutMs: 500 }), c);
    expect(r.timedOut).toBe(true);
    expect(gone(Number(c.seen[0]![0]))).toBe(true);
  });

  it('stops the process tree when ctx.signal aborts', async () => {
    const controller = new AbortController();
    const c = ctx({ signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const r = await exec.run(cmd(['sh', '-c', 'sleep 100 & echo $!; wait']), c);
    expect(r).toMatchObject({ exitCode: null, timedOut: false });
    expect(gone(Number(c.seen[0]![0]))).toBe(true);
  });

  it('on abort also stops descendants that left the process group with setsid, even one whose parent is gone', async () => {
    const controller = new AbortController();
    const c = ctx({ signal: controller.signal });
    // A setsid child whose parent waits, and one whose parent exited at once (reparented).
    const script = `setsid sleep 100 & echo $!; (setsid sh -c 'echo $$; exec sleep 101' &); wait`;
    const pids = new Promise<number[]>((resolve) => {
      const seen: number[] = [];
      c.onOutput = (line) => {
        seen.push(Number(line));
        if (seen.length === 2) resolve(seen);
      };
    });
    const running = exec.run(cmd(['sh', '-c', script]), c);
    const [child, orphan] = await pids;
    expect(gone(child!) || gone(orphan!)).toBe(false);
    controller.abort();
    const r = await running;
    expect(r).toMatchObject({ exitCode: null, timedOut: false });
    expect([child, orphan].filter((pid) => !gone(pid!))).toEqual([]);
  });

  it('returns once the command exits even if a background process it started keeps the pipes open', async () => {
    const c = ctx();
    const started = Date.now();
    const r = await exec.run(cmd(['sh', '-c', 'sleep 30 & echo $!']), c);
    const daemon = Number(c.seen[0]![0]);
    try {
      expect(r.exitCode).toBe(0);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(gone(daemon)).toBe(false);
    } finally {
      process.kill(daemon, 'SIGKILL');
    }
  });

  it('keeps reading after the exit while a background process still prints', async () => {
    const c = ctx();
    const r = await exec.run(cmd(['sh', '-c', '(for i in 1 2 3 4 5 6; do echo $i; sleep 0.2; done) & echo started']), c);
    expect(r.exitCode).toBe(0);
    expect(c.seen.map(([l]) => l).sort()).toEqual(['1', '2', '3', '4', '5', '6', 'started']);
  });

  it('reports a missing executable or a bad cwd as spawnError, without throwing', async () => {
    const missing = await exec.run(cmd(['pitstop-no-such-binary', '--version']), ctx());
    expect(missing).toMatchObject({ exitCode: null, spawnError: 'executable not found: pitstop-no-such-binary — install it or put it on PATH' });
    const badCwd = await exec.run(cmd([node, '-e', '1'], { cwd: join(base, 'nope') }), ctx());
    expect(badCwd.spawnError).toBe(`working directory not found: ${join(base, 'nope')}`);
    expect((await exec.run(cmd([]), ctx())).spawnError).toMatch(/empty/);
    expect((await exec.run(cmd(['echo', 'a\0b']), ctx())).spawnError).toMatch(/NUL/);
    expect((await exec.run(cmd(['/etc/passwd']), ctx())).spawnError).toMatch(/^permission denied: cannot execute \/etc\/passwd/);
  });

  it('says so when the command dies of a signal it did not get from us', async () => {
    const c = ctx();
    const r = await exec.run(cmd(['sh', '-c', 'kill -SEGV $$']), c);
    expect(r).toMatchObject({ exitCode: null, timedOut: false });
    expect(c.seen).toEqual([['pitstop: the command was killed by signal SIGSEGV', 'stderr']]);
  });
});
