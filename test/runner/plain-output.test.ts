import { describe, expect, it } from 'vitest';
import { stdoutWriter } from '../../src/runner/plain-output.js';

/** A stdout whose backlog the test sets, recording every write call. */
function fakeStdout() {
  const writes: string[] = [];
  return { writes, writableLength: 0, write(text: string) { writes.push(text); return true; } };
}
const notice = (n: number) => `(${n} lines dropped)\n`;
const turn = () => new Promise((r) => setImmediate(r));

describe('stdoutWriter', () => {
  it('writes output lines in batches, and flushes them before the next event so the order holds', async () => {
    const out = fakeStdout();
    const w = stdoutWriter(out);
    for (let i = 1; i <= 1000; i++) w.line(`line ${i}\n`, notice);
    w.event('step finished\n');
    expect(out.writes.length).toBeLessThan(5);
    const text = out.writes.join('');
    expect(text.indexOf('line 1000\n')).toBeLessThan(text.indexOf('step finished'));
    expect(text.split('\n').filter((l) => l.startsWith('line '))).toHaveLength(1000);

    w.line('late line\n', notice);
    await turn();
    expect(out.writes.at(-1)).toBe('late line\n');
  });

  it('drops lines while the reader is behind, then says how many before going on', async () => {
    const out = fakeStdout();
    const w = stdoutWriter(out);
    out.writableLength = 2 * 1024 * 1024;
    for (let i = 0; i < 10; i++) w.line('lost\n', notice);
    await turn();
    expect(out.writes).toEqual([]);
    out.writableLength = 0;
    w.event('step finished\n');
    expect(out.writes).toEqual(['(10 lines dropped)\n', 'step finished\n']);
  });
});
