import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { TextField } from '../../src/ui/TextField.js';
import { watchReady } from '../helpers/input-ready.js';

/** A field with a submit log; resolves once the field listens. */
async function field() {
  const submitted: string[] = [];
  const ready = watchReady('field');
  const ui = render(<TextField clearOnSubmit mode="field" onSubmit={(v) => submitted.push(v)} />);
  await ready;
  return { ui, submitted };
}

describe('TextField', () => {
  it('keeps every key in order when they come faster than the screen redraws', async () => {
    const { ui, submitted } = await field();
    // One key per write, with no redraw in between: what a fast typist in a real terminal sends.
    for (const ch of '2026-11-22T03:10:00+01:00') ui.stdin.write(ch);
    ui.stdin.write('\u007f');
    ui.stdin.write('9');
    ui.stdin.write('\r');
    expect(submitted).toEqual(['2026-11-22T03:10:00+01:09']);
    // Cleared after the submit.
    ui.stdin.write('x');
    ui.stdin.write('\r');
    expect(submitted).toEqual(['2026-11-22T03:10:00+01:09', 'x']);
    ui.unmount();
  });

  it('applies every Backspace of a burst: 3 in one chunk, then 12 in one chunk', async () => {
    const { ui, submitted } = await field();
    ui.stdin.write('abcxyz');
    ui.stdin.write('\u007f\u007f\u007f');
    ui.stdin.write('\r');
    expect(submitted).toEqual(['abc']);
    ui.stdin.write('twelve chars');
    ui.stdin.write('\u007f'.repeat(12) + 'ok\r');
    expect(submitted).toEqual(['abc', 'ok']);
    ui.unmount();
  });

  it('applies arrows, Home/End, Delete, Ctrl-keys and a paste in the order they come', async () => {
    const { ui, submitted } = await field();
    // ← ← Delete: removes the y; Home inserts at the start; End appends; BS (0x08) removes one.
    ui.stdin.write('abxz\u001b[D\u001b[D\u001b[3~\u001b[H>\u001b[Fqq\b\r');
    expect(submitted).toEqual(['>abzq']);
    // Ctrl+U clears to the start; a bracketed paste goes in as text, its line break as a space.
    ui.stdin.write('junk\u0015\u001b[200~two\nlines\u001b[201~\r');
    expect(submitted).toEqual(['>abzq', 'two lines']);
    ui.unmount();
  });
});
