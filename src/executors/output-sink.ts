import { mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { ExecContext, OutputStream } from './types.js';

/** The last `max` characters of a stream's output, kept in amortised O(1) per line. */
export class Tail {
  private text = '';
  private cut = false;

  constructor(private readonly max: number) {}

  add(line: string): void {
    this.text += `${line}\n`;
    if (this.text.length > 2 * this.max) {
      this.text = this.text.slice(-this.max);
      this.cut = true;
    }
  }

  /** The tail, starting at a line boundary when older output was dropped. */
  value(): string {
    if (!this.cut && this.text.length <= this.max) return this.text;
    const last = this.text.slice(-this.max);
    const nl = last.indexOf('\n');
    return nl >= 0 && nl < last.length - 1 ? last.slice(nl + 1) : last;
  }
}

/**
 * Where a command's (already redacted) lines go: `ctx.onOutput`, the log file and a bounded
 * tail per stream (with `ctx.secretOutput`, the tail only). The log gets stdout and stderr interleaved in arrival order, stderr lines
 * prefixed with `[stderr] `. Lines are gathered and written through a stream once per chunk
 * read: `flush()` returns false when the file is behind, and the reader should pause until
 * `drained()` resolves.
 */
export class OutputSink {
  readonly stdout: Tail;
  readonly stderr: Tail;
  lines = 0;
  private log: WriteStream | null = null;
  private logBroken = false;
  private pending: string[] = [];

  constructor(
    private readonly ctx: ExecContext,
    tailChars: number,
  ) {
    this.stdout = new Tail(tailChars);
    this.stderr = new Tail(tailChars);
    if (ctx.logFile) {
      try {
        mkdirSync(dirname(ctx.logFile), { recursive: true, mode: 0o700 });
        this.log = createWriteStream(ctx.logFile, { flags: 'a', mode: 0o600 });
        // A full disk must not fail the command itself: the log just stops.
        this.log.on('error', () => {
          this.logBroken = true;
        });
      } catch {
        this.log = null;
      }
    }
  }

  line(line: string, stream: OutputStream): void {
    this.lines += 1;
    (stream === 'stdout' ? this.stdout : this.stderr).add(line);
    // A credential the redactor does not know yet: only the caller reads it, from the tail.
    if (this.ctx.secretOutput) return;
    this.ctx.onOutput?.(line, stream);
    if (this.log && !this.logBroken) this.pending.push(stream === 'stderr' ? `[stderr] ${line}\n` : `${line}\n`);
  }

  /** Writes the gathered lines; false when the log file is behind (see `drained()`). */
  flush(): boolean {
    if (this.pending.length === 0 || !this.log || this.logBroken) return true;
    const text = this.pending.join('');
    this.pending = [];
    return this.log.write(text);
  }

  /** Resolves when the log file has caught up (at once without a log). */
  drained(): Promise<void> {
    const log = this.log;
    if (!log || this.logBroken || !log.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        log.off('drain', done);
        log.off('error', done);
        resolve();
      };
      log.on('drain', done);
      log.on('error', done);
    });
  }

  /** Flushes and closes the log file. */
  async close(): Promise<void> {
    this.flush();
    const log = this.log;
    this.log = null;
    if (!log || log.destroyed) return;
    await new Promise<void>((resolve) => {
      log.end(() => resolve());
      log.once('error', () => resolve());
    });
  }
}
