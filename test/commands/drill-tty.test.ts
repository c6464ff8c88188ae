import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeSandbox } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

let term: TmuxSession | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
});

describe('pitstop drill on a terminal', () => {
  it('without --plain, --json or --auto: says the drill screen is not there yet and how to drill headless (exit 2), builds nothing', async () => {
    const s = makeSandbox();
    // A blank first line: the pane's first line is not always captured.
    const argv = ['sh', '-c', 'echo; "$@"; echo "exit status: $?"', 'sh', process.execPath, CLI, 'drill', 'libsql-accidental-deletion'];
    term = startTmux({ argv, cwd: s.cwd, env: s.env, width: 100, height: 24 });
    const screen = await term.waitFor(/exit status: \d+/, 20_000);
    expect(screen).toMatch(/the drill screen is not there yet/);
    expect(screen).toMatch(/--plain[\s\S]*--auto/);
    expect(screen).toContain('exit status: 2');
    expect(existsSync(join(s.home, 'drills'))).toBe(false);
  });
});
