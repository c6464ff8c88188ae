import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { TextField } from '../../src/ui/TextField.js';

function Form({ onSubmit }: { onSubmit(value: string): void }) {
  return <TextField clearOnSubmit onSubmit={onSubmit} />;
}

// Ink attaches its input handlers in an effect after the first frame.
const tick = () => new Promise((r) => setTimeout(() => setImmediate(r), 20));

describe('TextField', () => {
  it('keeps every key in order when they come faster than the screen redraws', async () => {
    const submitted: string[] = [];
    const ui = render(<Form onSubmit={(v) => submitted.push(v)} />);
    await tick();
    // One key per write, with no redraw in between: what a fast typist in a real terminal sends.
    for (const ch of '2026-11-22T03:10:00+01:00') ui.stdin.write(ch);
    await tick();
    ui.stdin.write('\u007f');
    ui.stdin.write('9');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(submitted).toEqual(['2026-11-22T03:10:00+01:09']);
    // Cleared after the submit.
    ui.stdin.write('x');
    await tick();
    ui.stdin.write('\r');
    await tick();
    expect(submitted).toEqual(['2026-11-22T03:10:00+01:09', 'x']);
    ui.unmount();
  });
});
