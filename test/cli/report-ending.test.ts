import { basename, join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * The report's status and next command are the run's ending (engine/ending.ts), the same
 * the run itself printed when it stopped: one derivation, not a second one in the report.
 */

function project(steps: string): Sandbox {
  const s = makeSandbox();
  mkdirSync(join(s.cwd, 'runbooks'));
  writeFileSync(join(s.cwd, 'runbooks', 'r.yaml'), `id: r\ntitle: R\nscenario: custom\nengine: libsql\nsteps:\n${steps}`);
  return s;
}

async function reportJson(s: Sandbox): Promise<Record<string, any>> {
  const r = await pitstop(s, ['report', basename(onlyRunDir(s)), '--format', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the ending in the report', () => {
  it('a run stopped at a gate: the report gives the very command the run printed', async () => {
    const s = project('  - id: ask\n    kind: confirm\n    body: Go on?\n  - id: done\n    kind: command\n    argv: ["true"]\n');
    const run = await pitstop(s, ['run', 'r', '--plain']);
    expect(run.exitCode).toBe(3);
    const runId = basename(onlyRunDir(s));
    expect(run.stderr).toContain(`pitstop resume ${runId} --yes`);
    const report = await reportJson(s);
    expect(report).toMatchObject({ status: 'stopped-at-gate', statusText: 'paused at step ask', next: `pitstop resume ${runId} --yes` });
    const md = await pitstop(s, ['report', runId]);
    expect(md.stdout).toContain(`| **Next** | \`pitstop resume ${runId} --yes\` |`);
  });

  it('a failed run: status text from the ending with the error, next is resume; a finished one: the report itself', async () => {
    const failed = project('  - id: boom\n    kind: command\n    argv: ["false"]\n');
    expect((await pitstop(failed, ['run', 'r', '--plain'])).exitCode).toBe(1);
    const runId = basename(onlyRunDir(failed));
    expect(await reportJson(failed)).toMatchObject({ status: 'failed', statusText: expect.stringMatching(/^step boom failed: exit code/), next: `pitstop resume ${runId}` });

    const finished = project('  - id: fine\n    kind: command\n    argv: ["true"]\n');
    expect((await pitstop(finished, ['run', 'r', '--plain'])).exitCode).toBe(0);
    const doneId = basename(onlyRunDir(finished));
    expect(await reportJson(finished)).toMatchObject({ status: 'finished', statusText: 'run finished', next: `pitstop report ${doneId}` });
  });
});
