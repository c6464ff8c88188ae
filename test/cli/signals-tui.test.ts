import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeSandbox, onlyRunDir, readJournalEvents } from '../helpers/cli.js';
import { alive, childrenOf, killAll, pidIn, treeProject, waitFor } from '../helpers/procs.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

/** SIGTERM / SIGHUP while the TUI runs a step: the step's tree stops, the pause is journaled, the terminal is restored. */

let term: TmuxSession | undefined;
let leftovers: number[] = [];
afterEach(() => {
  term?.close();
  term = undefined;
  killAll(leftovers);
  leftovers = [];
});

// Runs pitstop, then prints the terminal's modes and pitstop's exit status for the test to read.
const SHOW_MODES = `"$@"; status=$?; echo; echo "modes: $(stty -a | tr -s ' ;' '\\n' | grep -x -e -icanon -e icanon -e -echo -e echo | tr '\\n' ' ')"; echo "exit status: $status"`;

const STEP = 'setsid sleep 1000 & echo $! > "$1/setsid.pid"; sleep 1001 & echo $! > "$1/sleep.pid"; wait';

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s while the TUI runs a step', (signal, code) => {
  it(`stops the step's tree, journals run/paused with the signal, restores the terminal and exits ${code}`, async () => {
    const sandbox = treeProject([{ id: 'spawn-tree', kind: 'command', argv: ['sh', '-c', STEP, 'sh', '{{ params.dir }}'] }]);
    const { dir } = sandbox;
    term = startTmux({
      argv: ['sh', '-c', SHOW_MODES, 'sh', process.execPath, CLI, 'run', 'tree', '--set', `dir=${dir}`],
      cwd: sandbox.cwd,
      env: { ...sandbox.env, NO_COLOR: '' },
      width: 80,
      height: 24,
    });
    await waitFor(() => pidIn(join(dir, 'setsid.pid')) !== null && pidIn(join(dir, 'sleep.pid')) !== null, 'the step to start its tree');
    const pids = [pidIn(join(dir, 'setsid.pid'))!, pidIn(join(dir, 'sleep.pid'))!];
    leftovers.push(...pids);
    const shell = Number(term.display('#{pane_pid}'));
    const pitstopPid = childrenOf(shell).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(CLI));
    expect(pitstopPid).toBeGreaterThan(0);

    process.kill(pitstopPid!, signal);
    const screen = await term.waitFor(/exit status: \d+/);
    expect(Number(/exit status: (\d+)/.exec(screen)![1])).toBe(code);
    expect(screen).toMatch(/modes: icanon echo/);
    expect(pids.filter(alive)).toEqual([]);
    expect(readJournalEvents(onlyRunDir(sandbox)).at(-1)).toMatchObject({ type: 'run/paused', reason: signal.toLowerCase(), signal });
  });
});

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s at the home screen (no run)', (signal, code) => {
  it(`leaves at once with exit ${code}, the terminal restored and no run started`, async () => {
    const sandbox = makeSandbox();
    mkdirSync(join(sandbox.cwd, 'runbooks'));
    const runbook = { id: 'idle', title: 'An idle runbook', scenario: 'custom', engine: 'libsql', steps: [{ id: 'a', kind: 'command', argv: ['true'] }] };
    writeFileSync(join(sandbox.cwd, 'runbooks', 'idle.yaml'), JSON.stringify(runbook));
    term = startTmux({ argv: ['sh', '-c', SHOW_MODES, 'sh', process.execPath, CLI], cwd: sandbox.cwd, env: { ...sandbox.env, NO_COLOR: '' }, width: 80, height: 24 });
    await term.waitFor(/An idle runbook/);
    const shell = Number(term.display('#{pane_pid}'));
    const pitstopPid = childrenOf(shell).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(CLI));
    expect(pitstopPid).toBeGreaterThan(0);

    process.kill(pitstopPid!, signal);
    const screen = await term.waitFor(/exit status: \d+/);
    expect(Number(/exit status: (\d+)/.exec(screen)![1])).toBe(code);
    expect(screen).toMatch(/modes: icanon echo/);
    expect(existsSync(join(sandbox.home, 'runs')) ? readdirSync(join(sandbox.home, 'runs')) : []).toEqual([]);
  });
});
