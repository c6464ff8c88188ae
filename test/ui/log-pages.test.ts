import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBackward, readForward } from '../../src/ui/log-pages.js';

function logOf(lines: string[], trailingNewline = true): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pitstop-log-')), 'step.1.log');
  writeFileSync(file, lines.join('\n') + (trailingNewline ? '\n' : ''));
  return file;
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('log pages', () => {
  it('pages forward and back through a file by byte offsets', () => {
    const file = logOf(numbered(100));
    const first = readForward(file, 0, 10);
    expect(first.lines).toEqual(numbered(10));
    const second = readForward(file, first.end, 10);
    expect(second.lines[0]).toBe('line 11');
    const back = readBackward(file, second.starts[0]!, 10);
    expect(back.lines).toEqual(numbered(10));
    expect(back.starts[0]).toBe(0);
    const last = readBackward(file, last0(file), 5);
    expect(last.lines).toEqual(['line 96', 'line 97', 'line 98', 'line 99', 'line 100']);
  });

  it('reads only a chunk: a page in the middle of a big log comes from a small window', () => {
    const file = logOf(numbered(50_000));
    const middle = readForward(file, readForward(file, 0, 25_000, 1 << 20).end, 3, 4096);
    expect(middle.lines).toEqual(['line 25001', 'line 25002', 'line 25003']);
    const end = readBackward(file, middle.size, 2, 64);
    expect(end.lines).toEqual(['line 49999', 'line 50000']);
  });

  it('keeps a last line without a newline, and returns less at the edges', () => {
    const file = logOf(['a', 'b', 'c'], false);
    expect(readForward(file, 0, 10).lines).toEqual(['a', 'b', 'c']);
    expect(readBackward(file, 4, 10).lines).toEqual(['a', 'b']);
    expect(readBackward(file, 0, 10).lines).toEqual([]);
  });
});

function last0(file: string): number {
  return readForward(file, 0, 0).size;
}
