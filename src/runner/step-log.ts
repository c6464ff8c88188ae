import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The full output of one step attempt, written as it arrives. Lines are gathered into a
 * small buffer and written synchronously: memory stays bounded however much a command
 * prints, and a slow disk slows the reader instead of piling output up in memory.
 */
export class StepLog {
  private fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  lines = 0;
  bytes = 0;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a', 0o600);
  }

  write(line: string, stream: 'stdout' | 'stderr'): void {
    const text = `${stream === 'stderr' ? '[stderr] ' : ''}${line}\n`;
    this.pending.push(text);
    this.pendingBytes += text.length;
    this.lines += 1;
    this.bytes += Buffer.byteLength(text);
    if (this.pendingBytes >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
