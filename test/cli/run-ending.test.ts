import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/**
 * How a headless run ends, through the built CLI: the status, exit code and next command all
 * come from the engine's ending of the run's state (engine/ending.ts).
 */
function project(steps: string[]): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'ending.yaml'),
    ['id: ending', 'title: Ending test', 'scenario: custom', 'engine: libsql', 'summary: How runs end', 'steps:', ...steps, ''].join('\n'),
  );
  return sandbox;
}

const node = (code: string) => `    argv: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(code)}]`;

describe('the end of a headless run', () => {
  it('a failed step: exit 1, nobody decided (no failure/resolved), the index says failed and resume tries it again', async () => {
    const sandbox = project(['  - id: boom', '    kind: command', node('process.exit(5)'), '  - id: after', '    kind: command', node('0')]);
    const run = await pitstop(sandbox, ['run', 'ending', '--plain', '--yes']);
    expect(run.exitCode).toBe(1);
    const runId = basename(onlyRunDir(sandbox));
    expect(run.stderr).toContain(`step boom failed. Fix the cause, then: pitstop resume ${runId}`);
    const journal = readJournalEvents(onlyRunDir(sandbox));
    expect(journal.some((e) => e.type === 'failure/resolved')).toBe(false);
    expect(journal.at(-1)).toMatchObject({ type: 'run/finished', status: 'failed', stepId: 'boom' });
    expect((await pitstop(sandbox, ['runs'])).stdout).toMatch(new RegExp(`${runId}.*failed`));

    const again = await pitstop(sandbox, ['resume', runId, '--plain', '--yes']);
    expect(again.exitCode).toBe(1);
    const attempts = readJournalEvents(onlyRunDir(sandbox)).filter((e) => e.type === 'step/started' && e.stepId === 'boom');
    expect(attempts.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('--json: the same exit code, and stderr carries no advice (stdout is the events)', async () => {
    const sandbox = project(['  - id: boom', '    kind: command', node('process.exit(5)')]);
    const run = await pitstop(sandbox, ['run', 'ending', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toContain('Fix the cause');
    const events = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', status: 'failed' });
  });

  it('finished: exit 0 and the report command', async () => {
    const sandbox = project(['  - id: fine', '    kind: command', node('0')]);
    const run = await pitstop(sandbox, ['run', 'ending', '--plain']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`report: pitstop report ${basename(onlyRunDir(sandbox))}`);
  });

  it('stopped at a typed gate: exit 3, stopped-at-gate, and the exact command with the phrase', async () => {
    const sandbox = project(['  - id: wipe', '    kind: command', '    destructive: true', '    gate: { type: typed, phrase: "wipe it" }', node('0')]);
    const run = await pitstop(sandbox, ['run', 'ending', '--plain', '--yes']);
    expect(run.exitCode).toBe(3);
    const runId = basename(onlyRunDir(sandbox));
    expect(run.stderr).toContain(`pitstop resume ${runId} --confirm "wipe it"`);
    expect((await pitstop(sandbox, ['runs'])).stdout).toMatch(new RegExp(`${runId}.*stopped-at-gate`));
  });

  it('the start and the resume are shown first: the title, run id and target (plain), run/started (--json)', async () => {
    const sandbox = project(['  - id: ask', '    kind: confirm', '  - id: fine', '    kind: command', node('0')]);
    const run = await pitstop(sandbox, ['run', 'ending', '--plain']);
    expect(run.exitCode).toBe(3);
    const runId = basename(onlyRunDir(sandbox));
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'pitstop · Ending test',
      expect.stringMatching(new RegExp(`^run ${runId} · runbook ending · target sandbox \\(libsql\\)`)),
    ]);
    const resumed = await pitstop(sandbox, ['resume', runId, '--plain', '--yes']);
    expect(resumed.stdout.split('\n')[0]).toMatch(/^resumed run /);
    const json = await pitstop(sandbox, ['run', 'ending', '--json', '--yes']);
    expect(JSON.parse(json.stdout.split('\n')[0]!)).toMatchObject({ type: 'run/started', runbookId: 'ending' });
  });
});
