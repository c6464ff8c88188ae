import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type CliResult, type Sandbox } from '../helpers/cli.js';
import { mountSmallFs, tmpfsUnavailable, type SmallFs } from '../helpers/tmpfs.js';

/** A PITSTOP_HOME that cannot be used: one clear line, exit 4, and no run directory left behind. */

const RUNBOOK = 'id: plain\ntitle: Plain\nscenario: custom\nengine: libsql\nsteps:\n  - id: a\n    kind: command\n    argv: [node, -e, "1"]\n';

function project(home?: string): Sandbox {
  const s = makeSandbox(home ? { PITSTOP_HOME: home } : {});
  if (home) s.home = home;
  mkdirSync(join(s.cwd, 'runbooks'));
  writeFileSync(join(s.cwd, 'runbooks', 'plain.yaml'), RUNBOOK);
  writeFileSync(join(s.cwd, 'pitstop.yaml'), 'targets:\n  local:\n    engine: libsql\n    url: file:local.db\n');
  return s;
}

function expectOneClearLine(result: CliResult, pattern: RegExp): void {
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('pitstop: '));
  expect(errorLines, result.stderr).toHaveLength(1);
  expect(errorLines[0]).toMatch(pattern);
  expect(result.stderr).toContain('→');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.exitCode, result.stderr).toBe(4);
}

const runDirs = (s: Sandbox) => (existsSync(join(s.home, 'runs')) ? readdirSync(join(s.home, 'runs')) : []);

describe('a broken PITSTOP_HOME', () => {
  it('a file where the home should be: run, runs and resume say so', async () => {
    const s = project();
    writeFileSync(s.home, 'not a directory');
    for (const args of [['run', 'plain', '--plain'], ['runs'], ['resume', '--plain']]) {
      const result = await pitstop(s, args);
      expectOneClearLine(result, new RegExp(`a file is in the way .*${s.home}`));
      expect(result.stderr).toContain(`set PITSTOP_HOME to a directory (${s.home} is not one)`);
    }
  });

  it('a runs.json that is not JSON: refused before a run directory is made', async () => {
    const s = project();
    mkdirSync(s.home);
    writeFileSync(join(s.home, 'runs.json'), '{"runs": {"x": ');
    const result = await pitstop(s, ['run', 'plain', '--plain']);
    expectOneClearLine(result, /the run index .*runs\.json is damaged: it is not valid JSON/);
    expect(result.stderr).toMatch(/mv .*runs\.json .*runs\.json\.damaged/);
    expect(runDirs(s)).toEqual([]);
    expectOneClearLine(await pitstop(s, ['runs']), /is damaged: it is not valid JSON/);
  });

  it('a runs.json of the wrong shape: refused, naming what is wrong, no run directory', async () => {
    const s = project();
    mkdirSync(s.home);
    for (const [text, problem] of [
      ['{"runs": []}', /"runs" is not an object of runs/],
      ['{"runs": {"r1": 5}}', /run "r1" is not an object/],
      ['{"runs": {"r1": {"runId": "r1"}}}', /run "r1" has no runbookId/],
    ] as const) {
      writeFileSync(join(s.home, 'runs.json'), text);
      expectOneClearLine(await pitstop(s, ['run', 'plain', '--plain']), problem);
      expect(runDirs(s)).toEqual([]);
    }
  });
});

const unavailable = tmpfsUnavailable();
if (unavailable) console.warn(unavailable);
const mounted: SmallFs[] = [];
afterAll(() => {
  for (const fs of mounted) fs.unmount();
});

describe.skipIf(unavailable !== null)('a read-only PITSTOP_HOME', () => {
  it('read-only before anything was written: one line, nothing made', async () => {
    const fs = mountSmallFs('1m', { readOnly: true });
    mounted.push(fs);
    const s = project(join(fs.dir, 'home'));
    const result = await pitstop(s, ['run', 'plain', '--plain']);
    expectOneClearLine(result, new RegExp(`read-only file system writing the run index in ${s.home}$`));
    expect(result.stderr).toContain('make it writable, or set PITSTOP_HOME to a writable directory');
  });

  it('made read-only after a run: a new run leaves no run directory, a resume names the run', async () => {
    const fs = mountSmallFs('1m');
    mounted.push(fs);
    const s = project(join(fs.dir, 'home'));
    writeFileSync(join(s.cwd, 'runbooks', 'gated.yaml'), 'id: gated\ntitle: Gated\nscenario: custom\nengine: libsql\nsteps:\n  - id: ok\n    kind: confirm\n');
    const stopped = await pitstop(s, ['run', 'gated', '--plain']);
    expect(stopped.exitCode, stopped.stderr).toBe(3);
    const [runId] = runDirs(s);
    fs.readOnly(true);

    expectOneClearLine(await pitstop(s, ['run', 'plain', '--plain']), /read-only file system writing the run lock in .*runs\/\d{8}-\d{6}-plain-\w+$/);
    expect(runDirs(s)).toEqual([runId]);

    const resumed = await pitstop(s, ['resume', runId!, '--plain', '--yes']);
    expectOneClearLine(resumed, new RegExp(`read-only file system writing the run lock in .*runs/${runId}$`));
    expect(resumed.stderr).toContain(`pitstop resume ${runId}`);

    fs.readOnly(false);
    expect((await pitstop(s, ['resume', runId!, '--plain', '--yes'])).exitCode).toBe(0);
  });
});
