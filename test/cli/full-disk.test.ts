import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, readJournalEvents, spawnPitstop, type CliResult, type Sandbox } from '../helpers/cli.js';
import { mountSmallFs, tmpfsUnavailable, type SmallFs } from '../helpers/tmpfs.js';

/**
 * PITSTOP_HOME on a full file system: each place pitstop writes ends with one clear line,
 * exit 4, and a journal that `pitstop resume ID` finishes once there is space again.
 */

const unavailable = tmpfsUnavailable();
if (unavailable) console.warn(unavailable);

const mounted: SmallFs[] = [];
afterAll(() => {
  for (const fs of mounted) fs.unmount();
});

const HOLD = `const f = process.argv[1]; const t = setInterval(() => { if (require('fs').existsSync(f)) clearInterval(t); }, 20);`;

const RUNBOOKS: Record<string, string> = {
  // Prints ~2 MB: more than the home's file system holds.
  'noisy.yaml': `id: noisy
title: Prints a lot
scenario: custom
engine: libsql
steps:
  - id: flood
    kind: command
    repeatable: true
    argv: [node, -e, "const l = 'x'.repeat(99) + '\\\\n'; for (let i = 0; i < 20000; i++) process.stdout.write(l)"]
  - id: after
    kind: command
    argv: [node, -e, "1"]
`,
  // Holds until the test has filled the disk, then needs a long input: its journal line cannot fit.
  'held-input.yaml': `id: held-input
title: Holds, then takes an input
scenario: custom
engine: libsql
steps:
  - id: hold
    kind: command
    argv: [node, -e, "${HOLD}", "{{ params.go }}"]
  - id: note
    kind: input
    params:
      text: { type: string }
params:
  go: { type: path, required: true }
`,
  // Holds, then stops at a gate: the run index update that follows cannot be written.
  'held-gate.yaml': `id: held-gate
title: Holds, then a gate
scenario: custom
engine: libsql
steps:
  - id: hold
    kind: command
    argv: [node, -e, "${HOLD}", "{{ params.go }}"]
  - id: approve
    kind: confirm
  - id: after
    kind: command
    argv: [node, -e, "1"]
params:
  go: { type: path, required: true }
`,
};

/** A project whose libSQL target lives outside the home, and a home on a small tmpfs. */
function project(size: string, opts: { config?: boolean } = {}): { s: Sandbox; fs: SmallFs } {
  const fs = mountSmallFs(size);
  mounted.push(fs);
  const s = makeSandbox({ PITSTOP_HOME: join(fs.dir, 'home') });
  s.home = join(fs.dir, 'home');
  const dir = join(s.cwd, 'runbooks');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(RUNBOOKS)) writeFileSync(join(dir, name), text);
  if (opts.config !== false) writeFileSync(join(s.cwd, 'pitstop.yaml'), 'targets:\n  local:\n    engine: libsql\n    url: file:local.db\n');
  return { s, fs };
}

function runIds(s: Sandbox): string[] {
  const runs = join(s.home, 'runs');
  return existsSync(runs) ? readdirSync(runs) : [];
}

function expectOneClearLine(result: CliResult, pattern: RegExp): void {
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('pitstop: '));
  expect(errorLines, result.stderr).toHaveLength(1);
  expect(errorLines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.exitCode, result.stderr).toBe(4);
}

/** Waits until the run's journal shows an event (the step is running), however long it takes. */
async function journalShows(s: Sandbox, predicate: (e: Record<string, any>) => boolean): Promise<string> {
  for (;;) {
    const [runId] = runIds(s);
    if (runId && existsSync(join(s.home, 'runs', runId, 'journal.jsonl')) && readJournalEvents(join(s.home, 'runs', runId)).some(predicate)) return runId;
    await new Promise((r) => setImmediate(r));
  }
}

function journalLines(s: Sandbox, runId: string): string[] {
  return readFileSync(join(s.home, 'runs', runId, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean);
}

describe.skipIf(unavailable !== null)('a full PITSTOP_HOME', () => {
  it('a step printing more than the disk holds: stopped, paused, one line, resumable', async () => {
    const { s, fs } = project('512k');
    const result = await pitstop(s, ['run', 'noisy', '--plain']);
    const [runId] = runIds(s);
    expectOneClearLine(result, new RegExp(`no space left on device writing the step log steps/flood\\.1\\.log in .*runs/${runId}$`));
    expect(result.stderr).toContain(`pitstop resume ${runId}`);
    const events = readJournalEvents(join(s.home, 'runs', runId!));
    expect(events.some((e) => e.type === 'step/finished')).toBe(false);

    fs.resize('16m');
    const resumed = await pitstop(s, ['resume', runId!, '--plain']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const after = readJournalEvents(join(s.home, 'runs', runId!));
    expect(after.filter((e) => e.type === 'step/finished' && e.stepId === 'flood').map((e) => e.status)).toEqual(['succeeded']);
    expect(after.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });

  it('a journal append: one line, the journal left whole, resumable', async () => {
    const { s, fs } = project('1m');
    const go = join(s.cwd, 'go');
    const long = 'n'.repeat(9000);
    const child = spawnPitstop(s, ['run', 'held-input', '--plain', '--set', `go=${go}`, '--set', `text=${long}`]);
    const runId = await journalShows(s, (e) => e.type === 'step/started' && e.stepId === 'hold');
    fs.fill();
    writeFileSync(go, '');
    const done = await child;
    const result = { exitCode: done.exitCode ?? -1, stdout: String(done.stdout), stderr: String(done.stderr) };
    expectOneClearLine(result, new RegExp(`no space left on device writing the journal in .*runs/${runId}$`));
    expect(result.stderr).toContain(`pitstop resume ${runId}`);
    // Every line is whole: the event that did not fit was cut off, not left torn.
    const lines = journalLines(s, runId);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'step/finished', stepId: 'hold' });

    fs.resize('16m');
    const resumed = await pitstop(s, ['resume', runId, '--plain', '--set', `text=${long}`]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const after = readJournalEvents(join(s.home, 'runs', runId));
    expect(after.filter((e) => e.type === 'input/given')).toHaveLength(1);
    expect(after.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });

  it('the run index update: one line, resumable', async () => {
    const { s, fs } = project('1m');
    const go = join(s.cwd, 'go');
    const child = spawnPitstop(s, ['run', 'held-gate', '--plain', '--set', `go=${go}`]);
    const runId = await journalShows(s, (e) => e.type === 'step/started' && e.stepId === 'hold');
    fs.fill();
    writeFileSync(go, '');
    const done = await child;
    const result = { exitCode: done.exitCode ?? -1, stdout: String(done.stdout), stderr: String(done.stderr) };
    expectOneClearLine(result, new RegExp(`no space left on device writing the run index in ${s.home}$`));
    expect(result.stderr).toContain(`pitstop resume ${runId}`);

    fs.resize('16m');
    const resumed = await pitstop(s, ['resume', runId, '--plain', '--yes']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(readJournalEvents(join(s.home, 'runs', runId)).at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
    expect((await pitstop(s, ['runs'])).stdout).toMatch(new RegExp(`${runId}.*finished`));
  });

  it('the run index update at the end of a finished run: one line; resume brings the index up to date', async () => {
    const { s, fs } = project('1m');
    const go = join(s.cwd, 'go');
    const child = spawnPitstop(s, ['run', 'held-gate', '--plain', '--yes', '--set', `go=${go}`]);
    const runId = await journalShows(s, (e) => e.type === 'step/started' && e.stepId === 'hold');
    fs.fill();
    writeFileSync(go, '');
    const done = await child;
    const result = { exitCode: done.exitCode ?? -1, stdout: String(done.stdout), stderr: String(done.stderr) };
    expectOneClearLine(result, new RegExp(`no space left on device writing the run index in ${s.home}$`));
    expect(result.stderr).toContain(`then: pitstop resume ${runId} (the run is finished: that only brings the run index up to date)`);
    expect(readJournalEvents(join(s.home, 'runs', runId)).at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });

    fs.resize('16m');
    const resumed = await pitstop(s, ['resume', runId, '--plain']);
    expect(resumed.stderr).toMatch(/already over/);
    expect((await pitstop(s, ['runs'])).stdout).toMatch(new RegExp(`${runId}.*finished`));
  });

  it('seeding the sandbox: one line, no run and no half-made sandbox left; runs once there is space', async () => {
    const { s, fs } = project('1m', { config: false });
    const result = await pitstop(s, ['run', 'noisy', '--plain']);
    expectOneClearLine(result, new RegExp(`no space left on device writing the sandbox database in ${s.home}/sandbox$`));
    expect(result.stderr).toContain('run the same command again');
    expect(runIds(s)).toEqual([]);
    expect(readdirSync(join(s.home, 'sandbox')).filter((f) => f.startsWith('sandbox.db'))).toEqual([]);

    fs.resize('32m');
    const again = await pitstop(s, ['run', 'noisy', '--plain']);
    expect(again.exitCode, again.stderr).toBe(0);
  });

  it('resume on a full disk: one line, and resume works once there is space', async () => {
    const { s, fs } = project('1m');
    const go = join(s.cwd, 'go');
    writeFileSync(go, '');
    const stopped = await pitstop(s, ['run', 'held-gate', '--plain', '--set', `go=${go}`]);
    expect(stopped.exitCode, stopped.stderr).toBe(3);
    const [runId] = runIds(s);
    fs.fill();
    const result = await pitstop(s, ['resume', runId!, '--plain', '--yes']);
    expectOneClearLine(result, new RegExp(`no space left on device writing the run lock in .*runs/${runId}$`));
    expect(result.stderr).toContain(`pitstop resume ${runId}`);

    fs.resize('16m');
    const resumed = await pitstop(s, ['resume', runId!, '--plain', '--yes']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
  });
});
