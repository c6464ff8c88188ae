import { describe, expect, it } from 'vitest';
import { wantsTui } from '../../src/ui/tty.js';

const tty = (env: NodeJS.ProcessEnv, columns = 80) => ({ stdin: { isTTY: true }, stdout: { isTTY: true, columns }, env });
const flags = { plain: false, json: false };

describe('wantsTui', () => {
  it('draws only with a terminal on both ends and no plain or JSON output asked for', () => {
    expect(wantsTui(flags, tty({}))).toBe(true);
    expect(wantsTui({ plain: true, json: false }, tty({}))).toBe(false);
    expect(wantsTui({ plain: false, json: true }, tty({}))).toBe(false);
    expect(wantsTui(flags, { stdin: { isTTY: false }, stdout: { isTTY: true }, env: {} })).toBe(false);
    expect(wantsTui(flags, tty({}, 0))).toBe(false);
  });

  it('agrees with Ink about CI: any value but 0 or false, even empty, means CI (Ink would draw nothing)', () => {
    for (const ci of ['true', '1', '', 'yes']) expect(wantsTui(flags, tty({ CI: ci }))).toBe(false);
    for (const ci of ['0', 'false']) expect(wantsTui(flags, tty({ CI: ci }))).toBe(true);
    expect(wantsTui(flags, tty({ CONTINUOUS_INTEGRATION: '' }))).toBe(false);
  });
});
