import { StringDecoder } from 'node:string_decoder';

export interface LineSplitterOptions {
  /**
   * A line longer than this (in characters) without a newline is passed on in pieces of about
   * this size, so a program printing megabytes without `\n` cannot fill memory. Default 64 Ki.
   */
  maxLineChars?: number;
  /**
   * Strings a forced cut must never split (the secrets to redact): a piece ends before such a
   * string or after it, so redacting each piece on its own still masks every occurrence.
   */
  keepWhole?: readonly string[];
}

/**
 * Splits a byte stream into lines: on `\n`, dropping a `\r` before it; multi-byte UTF-8
 * characters split across chunks are decoded whole; `end()` passes on a last line without a
 * newline. A lone `\r` (progress bars) stays inside the line.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineChars: number;
  private readonly keepWhole: readonly string[];
  private readonly longestKept: number;
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    opts: LineSplitterOptions = {},
  ) {
    this.maxLineChars = Math.max(16, opts.maxLineChars ?? 64 * 1024);
    this.keepWhole = (opts.keepWhole ?? []).filter((s) => s.length > 0);
    this.longestKept = Math.max(0, ...this.keepWhole.map((s) => s.length));
  }

  push(chunk: Buffer | string): void {
    this.take(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Flushes the rest, if any, as a last line. */
  end(): void {
    this.take(this.decoder.end());
    if (this.pending.length > 0) this.onLine(stripCr(this.pending));
    this.pending = '';
  }

  private take(text: string): void {
    if (text.length === 0) return;
    let buffer = this.pending + text;
    let start = 0;
    // Only the new text can hold a newline: the pending part was searched before.
    let nl = buffer.indexOf('\n', this.pending.length);
    while (nl !== -1) {
      this.onLine(stripCr(buffer.slice(start, nl)));
      start = nl + 1;
      nl = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
    // Wait for enough text past the cut to see whole any kept string that crosses it.
    while (buffer.length >= this.maxLineChars + this.longestKept) {
      const cut = this.cutPoint(buffer.slice(0, this.maxLineChars + this.longestKept));
      this.onLine(buffer.slice(0, cut));
      buffer = buffer.slice(cut);
    }
    this.pending = buffer;
  }

  /** Where to cut a long line: near `maxLineChars`, never inside a `keepWhole` string. */
  private cutPoint(window: string): number {
    let cut = Math.min(this.maxLineChars, window.length);
    for (let moved = true; moved; ) {
      moved = false;
      for (const s of this.keepWhole) {
        const at = window.lastIndexOf(s, cut - 1);
        if (at >= 0 && at < cut && at + s.length > cut) {
          cut = at;
          moved = true;
        }
      }
    }
    // Only possible when a kept string starts the window: keep it whole in this piece.
    return cut > 0 ? cut : Math.min(window.length, this.maxLineChars + this.longestKept);
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
