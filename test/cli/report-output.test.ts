import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type CliResult, type Sandbox } from '../helpers/cli.js';
import { mountSmallFs, tmpfsUnavailable, type SmallFs } from '../helpers/tmpfs.js';
import { events, RUN_ID } from '../report/events.js';

/** `pitstop report`: renders a damaged journal up to the damage; `-o` never destroys a run or half-writes a file. */

function withRun(lines: string[] = events.map((e) => JSON.stringify(e))): { s: Sandbox; runDir: string; journal: string } {
  const s = makeSandbox();
  const runDir = join(s.home, 'runs', RUN_ID);
  mkdirSync(runDir, { recursive: true });
  const journal = `${lines.join('\n')}\n`;
  writeFileSync(join(runDir, 'journal.jsonl'), journal);
  return { s, runDir, journal };
}

function expectOneClearError(result: CliResult, pattern: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(2);
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('pitstop: '));
  expect(errorLines, result.stderr).toHaveLength(1);
  expect(errorLines[0]).toMatch(pattern);
  expect(result.stderr).toContain('→');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('report of a damaged journal', () => {
  it('renders up to a damaged middle line and says where it stopped', async () => {
    const lines = events.map((e) => JSON.stringify(e));
    lines[3] = '{"type": "step/finished", "at": "2026-11-22T07:48:0'; // line 4 of the journal
    const { s } = withRun(lines);
    const result = await pitstop(s, ['report', RUN_ID]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('The journal is damaged at line 4** (not valid JSON)');
    expect(result.stdout).toContain('freeze-writes');
    expect(result.stdout).not.toContain('SELECT id, title'); // check-copy ran after the damage
    expect(result.stderr).toMatch(/damaged at line 4/);

    const json = await pitstop(s, ['report', RUN_ID, '--format', 'json']);
    expect(JSON.parse(json.stdout).damagedAt).toEqual({ line: 4, problem: 'not valid JSON' });
  });
});

describe('report -o', () => {
  it('refuses any file inside the run directories, however it is spelled, and leaves the journal alone', async () => {
    const { s, runDir, journal } = withRun();
    symlinkSync(runDir, join(s.cwd, 'link'));
    for (const out of [
      join(runDir, 'journal.jsonl'),
      join(s.home, 'runs', 'x', '..', RUN_ID, 'journal.jsonl'),
      join(s.home, 'runs', 'new-report.md'),
      'link/journal.jsonl',
    ]) {
      expectOneClearError(await pitstop(s, ['report', RUN_ID, '-o', out]), /refusing to write the report to .*inside the run directories/);
    }
    symlinkSync(join(runDir, 'journal.jsonl'), join(s.cwd, 'innocent.md'));
    expectOneClearError(await pitstop(s, ['report', RUN_ID, '-o', 'innocent.md']), /inside the run directories/);
    expect(readFileSync(join(runDir, 'journal.jsonl'), 'utf8')).toBe(journal);
  });

  it('a missing directory, a directory and /dev/full each get one clear line', async () => {
    const { s } = withRun();
    expectOneClearError(await pitstop(s, ['report', RUN_ID, '-o', 'no-such-dir/report.md']), /the directory .*no-such-dir does not exist/);
    expectOneClearError(await pitstop(s, ['report', RUN_ID, '-o', '.']), /it is a directory/);
    expectOneClearError(await pitstop(s, ['report', RUN_ID, '-o', '/dev/full']), /could not write the report to \/dev\/full: no space left on device/);
  });

  it('writes a file 0600, replacing an old one whole', async () => {
    const { s } = withRun();
    writeFileSync(join(s.cwd, 'incident.md'), 'old');
    const result = await pitstop(s, ['report', RUN_ID, '-o', 'incident.md']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(s.cwd, 'incident.md'), 'utf8')).toContain('# Incident timeline');
    expect(statSync(join(s.cwd, 'incident.md')).mode & 0o777).toBe(0o600);
    expect(readdirSync(s.cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

const unavailable = tmpfsUnavailable();
if (unavailable) console.warn(unavailable);
const mounted: SmallFs[] = [];
afterAll(() => {
  for (const fs of mounted) fs.unmount();
});

describe.skipIf(unavailable !== null)('report -o onto a full disk', () => {
  it('leaves the existing report as it was, and no temporary file', async () => {
    const fs = mountSmallFs('256k');
    mounted.push(fs);
    const { s } = withRun();
    const out = join(fs.dir, 'incident.md');
    writeFileSync(out, 'the previous report\n');
    fs.fill();
    const result = await pitstop(s, ['report', RUN_ID, '-o', out]);
    expectOneClearError(result, /could not write the report to .*incident\.md: no space left on device/);
    expect(result.stderr).toContain('was left as it was');
    expect(readFileSync(out, 'utf8')).toBe('the previous report\n');
    expect(readdirSync(fs.dir).sort()).toEqual(['filler', 'incident.md']);
    expect(existsSync(out)).toBe(true);
  });
});
