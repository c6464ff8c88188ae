import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { execa as Execa } from 'execa';
import type { CommandRequest } from '../engine/types.js';
import { LineSplitter } from '../util/line-splitter.js';
import type { Redactor } from '../util/redact.js';
import { OutputSink } from './output-sink.js';
import { killTree, newTreeMark, procStat, trackTree, TREE_MARK_VAR, type ProcessTree } from './process-group.js';
import type { CommandExecutor, CommandResult, ExecContext, OutputStream } from './types.js';

export interface CommandExecutorOptions {
  redactor: Redactor;
  /** Characters of each stream kept for the result (the whole output is in the log). Default 64 Ki. */
  tailBytes?: number;
  /** Time between SIGTERM and SIGKILL when a command is stopped. Default 3 s. */
  killGraceMs?: number;
  /**
   * How long to keep reading after the command exited, for output still in the pipes. A
   * background process it started (a daemon) may hold them open forever; we stop reading
   * then, and leave it running. Default 500 ms.
   */
  drainMs?: number;
}

/**
 * Runs argv arrays, never through a shell. The child leads its own process group and carries
 * a mark in its environment, so a timeout or `ctx.signal` stops it and everything it started,
 * `setsid` descendants included (SIGTERM, then SIGKILL after a grace period; see
 * `process-group.ts`). Output is read line by line, redacted, passed to `ctx.onOutput`, appended to
 * `ctx.logFile` (see `OutputSink` for the format) and only a bounded tail is kept in memory.
 * A command that cannot start (missing executable, bad cwd) gives a result with
 * `spawnError`, never a throw. `bytes` counts what the command printed, before redaction.
 */
export function createCommandExecutor(opts: CommandExecutorOptions): CommandExecutor {
  return { run: (request, ctx) => runCommand(request, ctx, opts) };
}

async function runCommand(request: CommandRequest, ctx: ExecContext, opts: CommandExecutorOptions): Promise<CommandResult> {
  const sink = new OutputSink(ctx, opts.tailBytes ?? 64 * 1024);
  let bytes = 0;
  const finish = async (fields: Partial<CommandResult>): Promise<CommandResult> => {
    await sink.close();
    const result: CommandResult = {
      kind: 'command',
      exitCode: null,
      stdout: sink.stdout.value(),
      stderr: sink.stderr.value(),
      lines: sink.lines,
      bytes,
      timedOut: false,
      ...fields,
    };
    return opts.redactor.deep(result);
  };

  const [program, ...args] = request.argv;
  if (program === undefined || program === '') return finish({ spawnError: 'nothing to run: the command is empty' });
  const cwdProblem = checkCwd(request.cwd);
  if (cwdProblem) return finish({ spawnError: cwdProblem });
  if (ctx.signal.aborted) return finish({ spawnError: 'cancelled before it started' });

  if (request.argv.some((a) => a.includes('\0'))) return finish({ spawnError: 'an argument contains a NUL character, which no program can receive' });
  // Loaded when the first command runs, not when a run starts: start-up reaches the first step sooner.
  const { execa } = await import('execa');
  if (ctx.signal.aborted) return finish({ spawnError: 'cancelled before it started' });
  const mark = newTreeMark();
  let child: ReturnType<typeof Execa>;
  try {
    child = execa(program, args, {
      shell: false,
      buffer: false,
      reject: false,
      stdin: 'ignore',
      detached: true,
      // Our own exit hook stops running groups (process-group.ts). execa's cleanup loads
      // signal-exit, which re-raises SIGINT and would kill pitstop before it journals the pause.
      cleanup: false,
      ...(request.cwd ? { cwd: request.cwd } : {}),
      env: { ...request.env, [TREE_MARK_VAR]: mark },
    });
  } catch (error) {
    return finish({ spawnError: `cannot start ${program}: ${(error as Error).message}` });
  }
  const pid = child.pid;
  if (pid === undefined) {
    const failed = await child;
    return finish({ spawnError: spawnMessage(program, failed.code) });
  }
  const tree: ProcessTree = { pid, mark };
  const startTime = procStat(pid)?.startTime;
  if (startTime !== undefined) tree.startTime = startTime;
  const untrack = trackTree(tree);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  void child.then(
    () => undefined,
    () => undefined,
  );

  const streams: [Readable, OutputStream][] = [];
  if (child.stdout) streams.push([child.stdout, 'stdout']);
  if (child.stderr) streams.push([child.stderr, 'stderr']);
  // Chunks are joined into lines before redaction; a line too long to hold is cut around secrets.
  const keepWhole = opts.redactor;
  let paused = false;
  const afterChunk = (): void => {
    if (sink.flush() || paused) return;
    paused = true;
    for (const [s] of streams) s.pause();
    void sink.drained().then(() => {
      paused = false;
      for (const [s] of streams) s.resume();
    });
  };
  const ended = streams.map(([stream, name]) => {
    const splitter = new LineSplitter((line) => sink.line(opts.redactor.text(line), name), { keepWhole });
    stream.on('data', (chunk: Buffer | string) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      splitter.push(chunk);
      afterChunk();
    });
    return new Promise<void>((resolve) => {
      let done = false;
      const end = (): void => {
        if (done) return;
        done = true;
        splitter.end();
        resolve();
      };
      stream.once('end', end);
      stream.once('close', end);
      stream.once('error', end);
    });
  });

  let timedOut = false;
  let stopping: Promise<void> | null = null;
  const stop = (): void => {
    stopping ??= killTree(tree, opts.killGraceMs ?? 3000);
  };
  const timer =
    request.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop();
        }, request.timeoutMs);
  ctx.signal.addEventListener('abort', stop, { once: true });

  try {
    const exit = await exited;
    const drainMs = opts.drainMs ?? 500;
    const allEnded = Promise.all(ended);
    let over = false;
    void allEnded.then(() => (over = true));
    // Stop reading once the pipes have been quiet for drainMs, so output still queued (or held
    // back while the log file catches up) is not cut off; but a chatty background process
    // cannot keep the step running either.
    const giveUpAt = Date.now() + Math.max(10_000, 20 * drainMs);
    for (let seen = bytes; !over; ) {
      await Promise.race([allEnded, new Promise((r) => setTimeout(r, drainMs).unref())]);
      if (over) break;
      if ((!paused && seen === bytes) || Date.now() > giveUpAt) {
        for (const [s] of streams) s.destroy();
        await allEnded;
        break;
      }
      seen = bytes;
    }
    if (stopping) await stopping;
    else if (exit.signal) sink.line(`pitstop: the command was killed by signal ${exit.signal}`, 'stderr');
    return await finish({ exitCode: exit.code, timedOut });
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', stop);
    untrack();
  }
}

function checkCwd(cwd: string | undefined): string | null {
  if (cwd === undefined) return null;
  try {
    return statSync(cwd).isDirectory() ? null : `working directory is not a directory: ${cwd}`;
  } catch {
    return `working directory not found: ${cwd}`;
  }
}

function spawnMessage(program: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `executable not found: ${program} — install it or put it on PATH`;
    case 'EACCES':
      return `permission denied: cannot execute ${program} — check that it is executable`;
    default:
      return `cannot start ${program}${code ? ` (${code})` : ''}`;
  }
}
