import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** A window of a log file: whole lines, and the byte offsets where each one starts. */
export interface LogPage {
  lines: string[];
  /** Byte offset of each line's start (same length as `lines`). */
  starts: number[];
  /** Byte offset just after the last line. */
  end: number;
  /** The file's size when read. */
  size: number;
}

const NL = 0x0a;

/**
 * Reads a step log a page at a time, by byte offset, so a log of millions of lines is never
 * held in memory: `count` lines from `from` forwards, or the `count` lines that end at
 * `before`. A single line longer than `maxBytes` is cut at that length.
 */
export function readForward(file: string, from: number, count: number, maxBytes = 256 * 1024): LogPage {
  return withFile(file, (fd, size) => {
    const start = clamp(from, 0, size);
    const buf = Buffer.alloc(Math.min(maxBytes, size - start));
    const got = readSync(fd, buf, 0, buf.length, start);
    const page: LogPage = { lines: [], starts: [], end: start, size };
    let pos = 0;
    while (page.lines.length < count && pos < got) {
      const nl = buf.indexOf(NL, pos);
      // The last line of a file may have no newline; a partial line inside the file is left for the next read.
      if (nl < 0 || nl >= got) {
        if (start + got < size && pos > 0) break;
        page.lines.push(buf.toString('utf8', pos, got));
        page.starts.push(start + pos);
        pos = got;
        break;
      }
      page.lines.push(buf.toString('utf8', pos, nl));
      page.starts.push(start + pos);
      pos = nl + 1;
    }
    page.end = start + pos;
    return page;
  });
}

/** The `count` whole lines that end at byte offset `before` (a line start, or the file's end). */
export function readBackward(file: string, before: number, count: number, maxBytes = 256 * 1024): LogPage {
  return withFile(file, (fd, size) => {
    const end = clamp(before, 0, size);
    const from = Math.max(0, end - maxBytes);
    const buf = Buffer.alloc(end - from);
    const got = readSync(fd, buf, 0, buf.length, from);
    // Line boundaries: after each newline, and the chunk's start when it is the file's start.
    const bounds: number[] = [];
    let stop = got;
    if (got > 0 && buf[got - 1] === NL) stop = got - 1;
    for (let i = stop - 1; i >= 0 && bounds.length < count; i -= 1) if (buf[i] === NL) bounds.push(i + 1);
    if (bounds.length < count && from === 0 && (bounds.length === 0 || bounds.at(-1)! > 0) && stop > 0) bounds.push(0);
    const starts = bounds.reverse();
    const lines = starts.map((s, i) => {
      const next = i + 1 < starts.length ? starts[i + 1]! - 1 : stop;
      return buf.toString('utf8', s, next);
    });
    return { lines, starts: starts.map((s) => from + s), end, size };
  });
}

function withFile<T>(file: string, read: (fd: number, size: number) => T): T {
  const fd = openSync(file, 'r');
  try {
    return read(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
