import { closeSync, openSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ensureDir } from '../config/home.js';
import { toStateHomeError } from '../config/state-home.js';

/**
 * The full output of one step attempt, written as it arrives. Lines are gathered into a
 * small buffer and written synchronously: memory stays bounded however much a command
 * prints, and a slow disk slows the reader instead of piling output up in memory.
 *
 * Writing never throws: output arrives in stream callbacks, where a throw would take the
 * process down with a stack trace. The first failure (a full disk) is kept in `failure`,
 * `onFailure` is told once so the runner can stop the step, and later lines are dropped.
 */
export class StepLog {
  private fd: number | null = null;
  private pending: string[] = [];
  private pendingBytes = 0;
  lines = 0;
  bytes = 0;
  /** Why the log could not be written (a StateHomeError for a full or read-only disk), if it failed. */
  failure: unknown = null;

  constructor(
    readonly file: string,
    private readonly onFailure: (error: unknown) => void = () => {},
    /** The run this log belongs to, named in the error's hint (`pitstop resume ID`). */
    private readonly runId?: string,
  ) {
    try {
      ensureDir(dirname(file));
      this.fd = openSync(file, 'a', 0o600);
    } catch (error) {
      this.fail(error);
    }
  }

  write(line: string, stream: 'stdout' | 'stderr'): void {
    if (this.failure) return;
    const text = `${stream === 'stderr' ? '[stderr] ' : ''}${line}\n`;
    this.pending.push(text);
    this.pendingBytes += text.length;
    this.lines += 1;
    this.bytes += Buffer.byteLength(text);
    if (this.pendingBytes >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || this.fd === null || this.failure) return;
    try {
      writeSync(this.fd, this.pending.join(''));
    } catch (error) {
      this.fail(error);
    }
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    this.flush();
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch (error) {
      if (!this.failure) this.fail(error);
    }
    this.fd = null;
  }

  private fail(error: unknown): void {
    const place = { what: `the step log ${basename(dirname(this.file))}/${basename(this.file)}`, dir: dirname(dirname(this.file)) };
    this.failure = toStateHomeError(error, this.runId ? { ...place, runId: this.runId } : place);
    this.pending = [];
    this.pendingBytes = 0;
    this.onFailure(this.failure);
  }
}
