import { render } from 'ink-testing-library';
import { readFileSync, writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Footer } from '../../src/ui/Footer.js';
import { HelpOverlay } from '../../src/ui/HelpOverlay.js';
import type { Keypress } from '../../src/ui/key-tokens.js';
import { actionOf, bindingsNow, footerOf, type Binding, type KeyContext } from '../../src/ui/keymap.js';
import { keyTableMarkdown } from '../../src/ui/key-table.js';
import { CHANGED_KEYS, DRILL_KEYS, HOME_KEYS, RUN_KEYS } from '../../src/ui/keymaps.js';

const EVERYTHING: KeyContext = { log: true, skippable: true };
const NOTHING: KeyContext = { log: false, skippable: false };

/** A key press for a spec, as the tokenizer would produce it. */
function pressOf(spec: string): Keypress {
  const named: Record<string, Keypress['key']> = {
    enter: { return: true },
    esc: { escape: true },
    up: { upArrow: true },
    down: { downArrow: true },
    tab: { tab: true },
    pgup: { pageUp: true },
    pgdn: { pageDown: true },
    home: { home: true },
    end: { end: true },
  };
  if (spec === 'space') return { input: ' ', key: {} };
  if (spec.startsWith('ctrl+')) return { input: spec.slice(5), key: { ctrl: true } };
  return named[spec] ? { input: '', key: named[spec]! } : { input: spec, key: {} };
}

const frame = (node: React.ReactElement) => {
  const ui = render(node);
  const text = stripVTControlCharacters(ui.lastFrame() ?? '');
  ui.unmount();
  return text;
};

const tables: Array<[string, readonly Binding[]]> = [
  ...Object.entries(RUN_KEYS).map(([mode, table]) => [`run ${mode}`, table] as [string, readonly Binding[]]),
  ...Object.entries(HOME_KEYS).map(([mode, table]) => [mode, table] as [string, readonly Binding[]]),
  ['runbook changed', CHANGED_KEYS],
  ...Object.entries(DRILL_KEYS).map(([mode, table]) => [mode, table] as [string, readonly Binding[]]),
];

describe('one keymap per mode', () => {
  it.each(tables)('%s: the handler does what the footer and the help say, and nothing else', (_mode, table) => {
    const footer = frame(<Footer keys={footerOf(table, EVERYTHING)} />);
    const help = frame(<HelpOverlay title="Keys" bindings={bindingsNow(table, EVERYTHING)} />);
    for (const binding of bindingsNow(table, EVERYTHING)) {
      if (binding.footer !== false) expect(footer).toContain(`${binding.key} ${binding.label}`);
      expect(help).toMatch(new RegExp(`${binding.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${binding.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      // Every key a line names reaches its action: no line above shadows it.
      for (const spec of binding.keys) expect(actionOf(table, pressOf(spec), EVERYTHING)).toBe(binding.action);
    }
    // Keys no line names do nothing.
    const named = new Set(table.flatMap((b) => b.keys));
    for (const spec of ['x', 'Z', '!', 'ctrl+x', 'left', 'right']) if (!named.has(spec)) expect(actionOf(table, pressOf(spec), EVERYTHING)).toBeNull();
  });

  it('fixes the disagreements: ? on home helps, l at a confirm gate is not the previous step’s log, Enter does not mark a manual step done', () => {
    expect(actionOf(HOME_KEYS.home, pressOf('?'), NOTHING)).toBe('help');
    expect(actionOf(RUN_KEYS['gate-confirm'], pressOf('l'), EVERYTHING)).toBeNull();
    expect(actionOf(RUN_KEYS.manual, pressOf('enter'), EVERYTHING)).toBeNull();
    expect(actionOf(RUN_KEYS.manual, pressOf('d'), EVERYTHING)).toBe('done');
    // At a typed gate the letters are the phrase's, and the footer says so.
    for (const letter of ['l', '?', 'q', 'y']) expect(actionOf(RUN_KEYS['gate-typed'], pressOf(letter), EVERYTHING)).toBeNull();
    expect(frame(<Footer keys={footerOf(RUN_KEYS['gate-typed'], EVERYTHING)} />)).toContain('letters go into the phrase (q, l and ? too)');
    // Conditional lines: no log, no l; a step that may not be skipped, no s.
    expect(actionOf(RUN_KEYS.failed, pressOf('l'), NOTHING)).toBeNull();
    expect(actionOf(RUN_KEYS.failed, pressOf('s'), NOTHING)).toBeNull();
  });

  it("the README's key table is the one generated from the keymaps", () => {
    const readme = new URL('../../README.md', import.meta.url);
    const text = readFileSync(readme, 'utf8');
    const block = /(<!-- keys:start[^>]*-->\n)([\s\S]*?)(\n<!-- keys:end -->)/;
    if (process.env['UPDATE_README'] === '1') writeFileSync(readme, text.replace(block, (_all, start, _old, end) => `${start}${keyTableMarkdown()}${end}`));
    const found = block.exec(readFileSync(readme, 'utf8'));
    expect(found, 'README.md needs the markers <!-- keys:start --> and <!-- keys:end --> around its key table').not.toBeNull();
    expect(found![2], 'the README key table differs from the keymaps: run this test with UPDATE_README=1').toBe(keyTableMarkdown());
  });
});
