import { StringDecoder } from 'node:string_decoder';

export interface LineSplitterOptions {
  /**
   * A line longer than this (in characters) without a newline is passed on in pieces of about
   * this size, so a program printing megabytes without `\n` cannot fill memory. Default 64 Ki.
   */
  maxLineChars?: number;
  /**
   * What a forced cut must never split (the secrets to redact, as strings or as a redactor
   * that finds them): a piece ends before such a match or after it, so redacting each piece
   * on its own still masks every occurrence.
   */
  keepWhole?: readonly string[] | KeepWhole;
}

/** Finds the ranges a cut must not split; `longest` bounds their length. */
export interface KeepWhole {
  spans(text: string): Array<[number, number]>;
  readonly longest: number;
}

/**
 * Splits a byte stream into lines: on `\n`, dropping a `\r` before it; multi-byte UTF-8
 * characters split across chunks are decoded whole; `end()` passes on a last line without a
 * newline. A lone `\r` (progress bars) stays inside the line.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineChars: number;
  private readonly keepWhole: KeepWhole;
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    opts: LineSplitterOptions = {},
  ) {
    this.maxLineChars = Math.max(16, opts.maxLineChars ?? 64 * 1024);
    const keep = opts.keepWhole ?? [];
    this.keepWhole = Array.isArray(keep) ? literalSpans(keep as readonly string[]) : (keep as KeepWhole);
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
    while (buffer.length >= this.maxLineChars + this.keepWhole.longest) {
      const cut = this.cutPoint(buffer.slice(0, this.maxLineChars + this.keepWhole.longest));
      this.onLine(buffer.slice(0, cut));
      buffer = buffer.slice(cut);
    }
    this.pending = buffer;
  }

  /** Where to cut a long line: near `maxLineChars`, never inside a `keepWhole` match. */
  private cutPoint(window: string): number {
    let cut = Math.min(this.maxLineChars, window.length);
    const spans = this.keepWhole.spans(window);
    for (let moved = true; moved; ) {
      moved = false;
      for (const [start, end] of spans) {
        if (start < cut && end > cut) {
          cut = start;
          moved = true;
        }
      }
    }
    // Only possible when a kept match starts the window: keep it whole in this piece.
    return cut > 0 ? cut : Math.min(window.length, this.maxLineChars + this.keepWhole.longest);
  }
}

function literalSpans(strings: readonly string[]): KeepWhole {
  const kept = strings.filter((s) => s.length > 0);
  return {
    longest: Math.max(0, ...kept.map((s) => s.length)),
    spans(text) {
      const found: Array<[number, number]> = [];
      for (const s of kept) for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) found.push([at, at + s.length]);
      return found;
    },
  };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
