import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, spawnPitstop, type Sandbox } from '../helpers/cli.js';
import { alive, childrenOf, killAll, pidIn, treeProject, waitFor } from '../helpers/procs.js';

/**
 * SIGTERM and SIGHUP are handled like SIGINT (product spec §2): the step's whole process tree
 * is stopped (descendants that left the process group with setsid too), `run/paused` names the
 * signal, the exit code is 128 + the signal number, and the run resumes.
 */

// A step that, the first time, leaves a tree behind it: a setsid child (own session, parent
// still the step's shell), a setsid grandchild whose parent already exited (reparented, no
// link to the step any more), and a plain child. Each writes its pid to a file. The second
// time it finishes at once.
const TREE_SCRIPT = [
  'd="$1"',
  'if [ -e "$d/again" ]; then echo second run; exit 0; fi',
  'touch "$d/again"',
  'setsid sleep 1000 & echo $! > "$d/setsid.pid"',
  `(setsid sh -c 'echo $$ > "$1/orphan.tmp"; mv "$1/orphan.tmp" "$1/orphan.pid"; exec sleep 1001' sh "$d" &)`,
  'sleep 1002 & echo $! > "$d/sleep.pid"',
  'echo $$ > "$d/sh.pid"',
  'wait',
].join('\n');

const PID_FILES = ['sh', 'setsid', 'orphan', 'sleep'];

function project(extra: { timeout?: string } = {}): Sandbox & { dir: string } {
  return treeProject([
    {
      id: 'spawn-tree',
      kind: 'command',
      repeatable: true,
      ...(extra.timeout ? { timeout: extra.timeout } : {}),
      argv: ['sh', '-c', TREE_SCRIPT, 'sh', '{{ params.dir }}'],
    },
    { id: 'after', kind: 'command', argv: ['sh', '-c', 'echo after >> "$1/marks"', 'sh', '{{ params.dir }}'] },
  ]);
}

let leftovers: number[] = [];
afterEach(() => {
  killAll(leftovers);
  leftovers = [];
});

async function treePids(dir: string): Promise<number[]> {
  await waitFor(() => PID_FILES.every((f) => pidIn(join(dir, `${f}.pid`)) !== null), 'the step to write its pid files');
  const pids = PID_FILES.map((f) => pidIn(join(dir, `${f}.pid`))!);
  leftovers.push(...pids);
  return pids;
}

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('headless %s during a command step', (signal, code) => {
  it(`stops the whole tree (setsid descendants too), journals run/paused with the signal, exits ${code}, and resumes`, async () => {
    const p = project();
    const child = spawnPitstop(p, ['run', 'tree', '--plain', '--set', `dir=${p.dir}`]);
    const pids = await treePids(p.dir);
    expect(pids.every(alive)).toBe(true);

    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(pids.filter(alive)).toEqual([]);
    const events = readJournalEvents(onlyRunDir(p));
    expect(events.at(-1)).toMatchObject({ type: 'run/paused', reason: signal.toLowerCase(), signal });
    expect(events.filter((e) => e.type === 'step/finished')).toEqual([]);
    expect(String(result.stderr)).toContain('pitstop resume');

    const resumed = await pitstop(p, ['resume', '--plain']);
    expect(resumed.stderr).not.toMatch(/pitstop: /);
    expect(resumed.exitCode).toBe(0);
    expect(readFileSync(join(p.dir, 'marks'), 'utf8')).toBe('after\n');
    expect(readJournalEvents(onlyRunDir(p)).at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });
});

describe('step timeout', () => {
  it('kills the whole tree, setsid descendants included, fails the step, and the run resumes', async () => {
    const p = project({ timeout: '1s' });
    const child = spawnPitstop(p, ['run', 'tree', '--plain', '--set', `dir=${p.dir}`]);
    const pids = await treePids(p.dir);
    const result = await child;
    expect(result.exitCode).toBe(1);
    expect(pids.filter(alive)).toEqual([]);
    const finished = readJournalEvents(onlyRunDir(p)).filter((e) => e.type === 'step/finished');
    expect(finished).toMatchObject([{ stepId: 'spawn-tree', status: 'failed' }]);

    const resumed = await pitstop(p, ['resume', '--plain']);
    expect(resumed.exitCode).toBe(0);
    expect(readFileSync(join(p.dir, 'marks'), 'utf8')).toBe('after\n');
  });
});

describe('headless SIGTERM during a libSQL query', () => {
  it('stops the query helper process too', async () => {
    const sandbox = makeSandbox();
    mkdirSync(join(sandbox.cwd, 'runbooks'));
    const runbook = {
      id: 'endless-query',
      title: 'A query that never ends',
      scenario: 'custom',
      engine: 'libsql',
      steps: [{ id: 'count-forever', kind: 'sql', query: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c' }],
    };
    writeFileSync(join(sandbox.cwd, 'runbooks', 'endless-query.yaml'), JSON.stringify(runbook));
    const child = spawnPitstop(sandbox, ['run', 'endless-query', '--plain']);
    const isHelper = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('createClient');
      } catch {
        return false;
      }
    };
    let helper = 0;
    await waitFor(() => {
      helper = childrenOf(child.pid!).find(isHelper) ?? 0;
      return helper > 0 && readJournalEvents(onlyRunDir(sandbox)).some((e) => e.type === 'step/started');
    }, 'the query helper to start');
    leftovers.push(helper);

    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(alive(helper)).toBe(false);
    expect(readJournalEvents(onlyRunDir(sandbox)).at(-1)).toMatchObject({ type: 'run/paused', signal: 'SIGTERM' });
  });
});

describe('--help', () => {
  it('names the exit code of each signal', async () => {
    const help = await pitstop(makeSandbox(), ['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/130 SIGINT, 143 SIGTERM, 129 SIGHUP/);
  });
});

describe('a second signal', () => {
  it('leaves at once, and the exit still stops the tree, a step that ignores SIGTERM included', async () => {
    const sandbox = makeSandbox();
    const dir = join(sandbox.cwd, 'work');
    mkdirSync(dir);
    mkdirSync(join(sandbox.cwd, 'runbooks'));
    const script = 'trap \'echo term >> "$1/got"\' TERM; setsid sleep 1000 & echo $! > "$1/setsid.pid"; echo $$ > "$1/sh.pid"; while :; do sleep 0.05; done';
    const runbook = {
      id: 'stubborn',
      title: 'A step that ignores SIGTERM',
      scenario: 'custom',
      engine: 'libsql',
      params: { dir: { type: 'path', required: true } },
      steps: [{ id: 'stubborn', kind: 'command', argv: ['sh', '-c', script, 'sh', '{{ params.dir }}'] }],
    };
    writeFileSync(join(sandbox.cwd, 'runbooks', 'stubborn.yaml'), JSON.stringify(runbook));
    const child = spawnPitstop(sandbox, ['run', 'stubborn', '--plain', '--set', `dir=${dir}`]);
    await waitFor(() => pidIn(join(dir, 'setsid.pid')) !== null && pidIn(join(dir, 'sh.pid')) !== null, 'the step to start');
    const pids = [pidIn(join(dir, 'setsid.pid'))!, pidIn(join(dir, 'sh.pid'))!];
    leftovers.push(...pids);

    child.kill('SIGTERM');
    await waitFor(() => existsSync(join(dir, 'got')), 'the step to get (and ignore) SIGTERM');
    const second = Date.now();
    child.kill('SIGTERM');
    const result = await child;
    // Without the second signal, the step would get the whole 3 s grace before SIGKILL.
    expect(Date.now() - second).toBeLessThan(3000);
    expect(result.exitCode).toBe(143);
    expect(pids.filter(alive)).toEqual([]);
  });
});
