import { afterEach, describe, expect, it } from 'vitest';
import { ensureSandbox, sandboxPaths } from '../../src/config/sandbox.js';
import { seedSandbox } from '../../src/sandbox/seed.js';
import { garblePage, leafPages } from '../actions/libsql/helpers.js';
import { CLI, makeSandbox } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

let term: TmuxSession | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
});

describe('libsql-corruption in a real terminal, on a corrupted sandbox', () => {
  it("shows the integrity check's findings on the run screen: how many problems, and the table hit", async () => {
    const sandbox = makeSandbox();
    const { db } = sandboxPaths(sandbox.home);
    await ensureSandbox(sandbox.home, (client) => seedSandbox(client));
    // Garbage over a whole leaf page of the tickets table: table damage, not only an index.
    const { pages, pageSize } = await leafPages(db, 'tickets');
    garblePage(db, pages[1], pageSize);

    term = startTmux({ argv: [process.execPath, CLI, 'run', 'libsql-corruption'], cwd: sandbox.cwd, env: sandbox.env, width: 80, height: 40 });
    // Every parameter has a default: the run starts at once, at the manual "stop writes" step.
    await term.ready('manual');
    term.keys('d');
    const screen = await term.waitFor(/found .*problem/, 60_000);
    const flat = screen.replace(/\s+/g, ' ');
    const found = /found PRAGMA \w+ on [^:]+: (\d+) problem\(s\) in table tickets/.exec(flat);
    expect(found, flat).not.toBeNull();
    expect(Number(found![1])).toBeGreaterThan(0);
    expect(flat).toMatch(/\[\d+\/\d+\] check — Integrity check/);
  });
});
