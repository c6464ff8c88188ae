import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { CHILD_SOURCE } from './libsql-child.js';
import { newTreeMark, trackTree, TREE_MARK_VAR } from './process-group.js';

/** One request for the helper process. */
export interface RunMessage {
  sql: string;
  args: unknown[];
  readOnly: boolean;
  queryOnly: boolean;
  maxRows: number;
  /** Ask a remote server a SELECT 1 before the first request, so the connection limit means an answer. */
  probe: boolean;
}

/** What became of a request: the helper's answer, or why there is none. */
export type HostReply =
  | { kind: 'ok'; columns: string[]; rows: Record<string, unknown>[]; rowCount: number }
  | { kind: 'error'; message: string; code?: string; cause?: string }
  | { kind: 'timeout' }
  | { kind: 'connect-timeout' }
  | { kind: 'aborted' }
  | { kind: 'crashed'; message: string };

type ChildReply =
  | { id: number; opened: true }
  | { id: number; ok: true; columns: string[]; rows: Record<string, unknown>[]; rowCount: number }
  | { id: number; ok: false; message: string; code?: string; cause?: string };

/** How long a request may take: in all, and until the database first answers. */
export interface RunLimits {
  timeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Owns the helper process of one libSQL executor (see `libsql-child.ts` for why it exists):
 * started on first use, one request at a time, killed on timeout or abort and started again
 * for the next request. It does not keep pitstop alive while idle.
 */
export class LibsqlHost {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stderr = '';
  private nextId = 1;

  constructor(
    private readonly url: string,
    private readonly authToken: string | undefined,
  ) {}

  async run(message: RunMessage, signal: AbortSignal, limits: RunLimits): Promise<HostReply> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    child.channel?.ref();
    let timer: NodeJS.Timeout | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    let onMessage: ((reply: ChildReply) => void) | undefined;
    let onExit: (() => void) | undefined;
    try {
      const reply = await new Promise<HostReply>((resolve) => {
        onMessage = (reply) => {
          if (reply.id !== id) return;
          if ('opened' in reply) clearTimeout(connectTimer);
          else if (reply.ok) resolve({ kind: 'ok', columns: reply.columns, rows: reply.rows, rowCount: reply.rowCount });
          else resolve({ kind: 'error', message: reply.message, ...(reply.code ? { code: reply.code } : {}), ...(reply.cause ? { cause: reply.cause } : {}) });
        };
        onExit = () => resolve({ kind: 'crashed', message: this.crashMessage(child) });
        onAbort = () => resolve({ kind: 'aborted' });
        child.on('message', onMessage);
        child.once('exit', onExit);
        signal.addEventListener('abort', onAbort, { once: true });
        if (limits.timeoutMs !== undefined) timer = setTimeout(() => resolve({ kind: 'timeout' }), limits.timeoutMs);
        if (limits.connectTimeoutMs !== undefined) connectTimer = setTimeout(() => resolve({ kind: 'connect-timeout' }), limits.connectTimeoutMs);
        child.send({ type: 'run', id, ...message });
      });
      if (reply.kind === 'timeout' || reply.kind === 'connect-timeout' || reply.kind === 'aborted') await this.kill();
      return reply;
    } finally {
      clearTimeout(timer);
      clearTimeout(connectTimer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
      if (onMessage) child.off('message', onMessage);
      if (onExit) child.off('exit', onExit);
      child.channel?.unref();
    }
  }

  /** Ends the helper process (it exits when its IPC channel closes). */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.connected) child.disconnect();
    const late = setTimeout(() => this.signal(child, 'SIGKILL'), 2000);
    await this.exited;
    clearTimeout(late);
  }

  private start(): ChildProcess {
    const clientPath = createRequire(import.meta.url).resolve('@libsql/client');
    const mark = newTreeMark();
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, [TREE_MARK_VAR]: mark },
      serialization: 'advanced',
      // Its own group: Ctrl-C in the terminal reaches pitstop, which decides what to stop.
      detached: true,
    });
    this.child = child;
    this.stderr = '';
    // Busy in native code, the helper would not notice its IPC channel closing: if pitstop
    // leaves without stopping it (a second signal, a crash in pitstop), the exit hook does.
    if (child.pid !== undefined) {
      const untrack = trackTree({ pid: child.pid, mark });
      child.once('exit', untrack);
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-2000);
    });
    child.on('error', () => undefined);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    // Idle, the helper must not keep pitstop running: the process, its stderr pipe and the
    // IPC channel are unreferenced (the channel is referenced again during a request).
    child.unref();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    child.send({ type: 'open', clientPath, url: this.url, ...(this.authToken ? { authToken: this.authToken } : {}) });
    child.channel?.unref();
    return child;
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    // Referenced again while we wait: an unreferenced child's exit does not keep Node running,
    // and with nothing else pending the process would end mid-run (seen: exit 0 after a timeout).
    child.ref();
    this.signal(child, 'SIGKILL');
    // Wait for it to be gone, so its file locks are released before the next request.
    let late: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((r) => (late = setTimeout(r, 2000)))]);
    clearTimeout(late);
  }

  private signal(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }

  private crashMessage(child: ChildProcess): string {
    const why = child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode ?? '?'}`;
    const detail = this.stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' / ');
    return `the libSQL helper process ended unexpectedly (${why})${detail ? `: ${detail}` : ''}`;
  }
}
