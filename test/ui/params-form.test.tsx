import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../src/runbook/schema.js';
import { ParamsForm } from '../../src/ui/ParamsForm.js';

// Ink attaches its input handlers in an effect after the first frame.
const tick = () => new Promise((r) => setTimeout(() => setImmediate(r), 20));
const specs: Record<string, ParamSpec> = {
  table: { type: 'identifier', default: 'tickets' },
  at: { type: 'timestamp', required: true },
  keep: { type: 'int', default: 7 },
};

describe('ParamsForm', () => {
  it('routes keys typed faster than the screen redraws to the field in focus, and submits valid values', async () => {
    const sent: Record<string, string>[] = [];
    const ui = render(<ParamsForm title="t" specs={specs} initial={{ table: 'tickets', at: '', keep: '7' }} onSubmit={(v) => sent.push(v)} onCancel={() => undefined} submitLabel="start" cancelLabel="back" />);
    await tick();
    // No redraw between keys: Enter, the timestamp, Enter, a change to keep, Enter.
    for (const key of ['\r', ...'2026-11-22T03:10:00Z', '\r', '\u007f', '9', '\r']) ui.stdin.write(key);
    await tick();
    expect(sent).toEqual([{ table: 'tickets', at: '2026-11-22T03:10:00Z', keep: '9' }]);
    ui.unmount();
  });

  it('refuses to submit a timestamp without an offset, says why, and keeps the focus on it', async () => {
    const sent: Record<string, string>[] = [];
    const ui = render(<ParamsForm title="t" specs={specs} initial={{ table: 'tickets', at: '', keep: '7' }} onSubmit={(v) => sent.push(v)} onCancel={() => undefined} submitLabel="start" cancelLabel="back" />);
    await tick();
    for (const key of ['\r', ...'2026-11-22T03:10:00', '\r', '\r']) ui.stdin.write(key);
    await tick();
    expect(sent).toEqual([]);
    const frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/❯ at: 2026-11-22T03:10:00/);
    expect(frame).toContain('has no UTC offset');
    ui.unmount();
  });

  it('takes apart a chunk holding several keys: text and each Enter count', async () => {
    const sent: Record<string, string>[] = [];
    const ui = render(<ParamsForm title="t" specs={specs} initial={{ table: 'tickets', at: '', keep: '7' }} onSubmit={(v) => sent.push(v)} onCancel={() => undefined} submitLabel="start" cancelLabel="back" />);
    await tick();
    ui.stdin.write('\r2026-11-22T03:10:00Z\r\r');
    await tick();
    expect(sent).toEqual([{ table: 'tickets', at: '2026-11-22T03:10:00Z', keep: '7' }]);
    ui.unmount();
  });

  it("takes a time as PostgreSQL's clock_timestamp() prints it and shows it in UTC before the run starts", async () => {
    const sent: Record<string, string>[] = [];
    const ui = render(<ParamsForm title="t" specs={specs} initial={{ table: 'tickets', at: '', keep: '7' }} onSubmit={(v) => sent.push(v)} onCancel={() => undefined} submitLabel="start" cancelLabel="back" />);
    await tick();
    ui.stdin.write('\r2026-11-28 13:21:18.17936-06');
    await tick();
    expect(ui.lastFrame() ?? '').toContain('= 2026-11-28 19:21:18 UTC');
    ui.stdin.write('\r\r');
    await tick();
    expect(sent).toEqual([{ table: 'tickets', at: '2026-11-28 13:21:18.17936-06', keep: '7' }]);
    ui.unmount();
  });
});
