import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../src/runbook/schema.js';
import { ParamsForm } from '../../src/ui/ParamsForm.js';
import type { ParamFallback } from '../../src/ui/app-flow.js';
import { watchReady } from '../helpers/input-ready.js';

const specs: Record<string, ParamSpec> = {
  period: { type: 'string', default: 'daily' },
  level: { type: 'enum', values: ['low', 'high', 'max'], default: 'high' },
  dry: { type: 'bool', default: true },
};
const fallbacks: Record<string, ParamFallback> = {
  period: { value: 'daily', source: 'runbook' },
  level: { value: 'high', source: 'runbook' },
  dry: { value: 'true', source: 'runbook' },
};

/** The form as the home screen opens it (defaults filled in), once it listens to keys. */
async function form() {
  const sent: Record<string, string>[] = [];
  const ready = watchReady('form');
  const ui = render(
    <ParamsForm title="t" mode="form" specs={specs} initial={{ period: 'daily', level: 'high', dry: 'true' }} fallbacks={fallbacks} onSubmit={(v) => sent.push(v)} onCancel={() => undefined} submitLabel="start" cancelLabel="back" />,
  );
  await ready;
  const screen = () => stripVTControlCharacters(ui.lastFrame() ?? '');
  /** The screen once it shows `what` (the frame follows the keys by a render). */
  const shows = async (what: RegExp): Promise<string> => {
    const deadline = Date.now() + 5000;
    while (!what.test(screen())) {
      if (Date.now() > deadline) throw new Error(`the form never showed ${what}:\n${screen()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return screen();
  };
  return { ui, sent, screen, shows };
}

describe('form fields behave one way', () => {
  it('a default is a placeholder: the first character typed replaces it (no `dailymonthly`)', async () => {
    const { ui, sent } = await form();
    ui.stdin.write('monthly\r\r\r');
    expect(sent).toEqual([{ period: 'monthly', level: 'high', dry: 'true' }]);
    ui.unmount();
  });

  it('Enter on a field showing its default takes the default; ←/→ edit the default itself', async () => {
    const { ui, sent, screen } = await form();
    expect(screen()).toContain('dimmed: the default, typing replaces it');
    ui.stdin.write('\u001b[D');
    ui.stdin.write('x\r\r\r');
    expect(sent).toEqual([{ period: 'dailxy', level: 'high', dry: 'true' }]);
    ui.unmount();
  });

  it('enum and bool parameters are lists: ↑↓ choose, Enter takes the choice, Tab moves', async () => {
    const { ui, sent, shows } = await form();
    ui.stdin.write('\t');
    expect(await shows(/↑↓ choose · Tab move/)).toMatch(/low +❯ high +max/);
    // ↓ twice wraps from max to low; letters do nothing on a list.
    ui.stdin.write('\u001b[B');
    ui.stdin.write('\u001b[B');
    ui.stdin.write('zz\r');
    ui.stdin.write('\u001b[B');
    ui.stdin.write('\r');
    expect(sent).toEqual([{ period: 'daily', level: 'low', dry: 'false' }]);
    ui.unmount();
  });
});
