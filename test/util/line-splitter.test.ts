import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineSplitterOptions } from '../../src/util/line-splitter.js';
import { createRedactor } from '../../src/util/redact.js';

function split(chunks: (string | Buffer)[], opts?: LineSplitterOptions): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), opts);
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('splits on \\n and \\r\\n, across chunk boundaries', () => {
    expect(split(['a\nb', 'c\r', '\nd\n'])).toEqual(['a', 'bc', 'd']);
  });

  it('passes on a last line without a newline, and keeps empty lines', () => {
    expect(split(['x\n\ny'])).toEqual(['x', '', 'y']);
    expect(split([''])).toEqual([]);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('héllo ✓\n', 'utf8');
    expect(split([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual(['héllo ✓']);
  });

  it('cuts a very long line without newline into bounded pieces and loses nothing', () => {
    const long = 'x'.repeat(200_000);
    const pieces = split([long.slice(0, 70_000), long.slice(70_000), '\nend'], { maxLineChars: 64 * 1024 });
    expect(pieces.at(-1)).toBe('end');
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(64 * 1024);
    expect(pieces.slice(0, -1).join('')).toBe(long);
  });

  it('never cuts a kept string (a secret) in two', () => {
    const secret = 'TOPSECRET';
    for (let offset = 0; offset < 12; offset++) {
      const text = `${'a'.repeat(100 - offset)}${secret}${'b'.repeat(300)}`;
      const pieces = split([...text], { maxLineChars: 100, keepWhole: [secret] });
      expect(pieces.join('')).toBe(text);
      expect(pieces.filter((p) => p.includes(secret))).toHaveLength(1);
    }
  });

  it('with a redactor as keepWhole, never cuts any masked form in two (upper-cased, hex), redacting each piece masks it', () => {
    const redactor = createRedactor(['TopSecret-42']);
    for (const form of ['TOPSECRET-42', Buffer.from('TopSecret-42').toString('hex')]) {
      for (let offset = 0; offset < form.length + 2; offset++) {
        const text = `${'a'.repeat(100 - offset)}${form}${'b'.repeat(300)}`;
        const pieces = split([...text], { maxLineChars: 100, keepWhole: redactor });
        expect(pieces.join('')).toBe(text);
        expect(pieces.map((p) => redactor.text(p)).join('')).toBe(`${'a'.repeat(100 - offset)}***${'b'.repeat(300)}`);
      }
    }
  });
});
