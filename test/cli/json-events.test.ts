import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, spawnPitstop, type Sandbox } from '../helpers/cli.js';
import { waitFor } from '../helpers/procs.js';
import { leakedForms } from '../helpers/secret-search.js';

/**
 * `--json` through the built CLI: every stdout line is one JSON event, the first names the
 * run, a skipped step says so and why, and the last carries the exit code the process exits
 * with. A libSQL file target whose token comes from the environment: it never shows.
 */
const TOKEN = 'tok-9f3a7c-json-secret';

function project(steps: string[]): Sandbox {
  const sandbox = makeSandbox({ SHOP_TOKEN: TOKEN });
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  // An empty file is an empty SQLite database.
  writeFileSync(join(sandbox.cwd, 'shop.db'), '');
  writeFileSync(
    join(sandbox.cwd, 'pitstop.yaml'),
    ['targets:', '  shop:', '    engine: libsql', '    url: file:./shop.db', '    auth_token: ${env:SHOP_TOKEN}', ''].join('\n'),
  );
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'events.yaml'),
    [
      'id: events',
      'title: NDJSON events',
      'scenario: custom',
      'engine: libsql',
      'params:',
      '  mode: { type: enum, values: [quick, full], default: quick }',
      'steps:',
      ...steps,
      '',
    ].join('\n'),
  );
  return sandbox;
}

const node = (code: string) => `    argv: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(code)}]`;

const STEPS = [
  '  - id: count',
  '    kind: sql',
  '    query: SELECT 1 AS n',
  '  - id: full-only',
  '    kind: command',
  "    when: params.mode == 'full'",
  node('0'),
  '  - id: show-token',
  '    kind: command',
  node('console.log(process.env.T)'),
  '    env: { T: "{{ target.auth_token }}" }',
];

function parseLines(stdout: string): Array<Record<string, any>> {
  const lines = stdout.split('\n').filter(Boolean);
  return lines.map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
  });
}

describe('run --json', () => {
  it('starts with run/started naming the run, reports the skipped step with its reason, ends with the exit code; the token never shows', async () => {
    const sandbox = project(STEPS);
    const run = await pitstop(sandbox, ['run', 'events', '--target', 'shop', '--json']);
    expect(run.exitCode).toBe(0);
    const events = parseLines(run.stdout);
    const runId = basename(onlyRunDir(sandbox));
    expect(events[0]).toMatchObject({ type: 'run/started', runId, runbookId: 'events', target: { name: 'shop', engine: 'libsql' } });

    const skipped = events.filter((e) => e.type === 'step/skipped');
    expect(skipped).toEqual([{ type: 'step/skipped', at: expect.any(String), stepId: 'full-only', reason: 'the mode is quick, not full' }]);
    const order = events.map((e) => `${e.type}${e.stepId ? ` ${e.stepId}` : ''}`).filter((t) => !t.startsWith('step/line') && !t.startsWith('step/output'));
    expect(order).toEqual([
      'run/started',
      'step/started count',
      'step/finished count',
      'step/skipped full-only',
      'step/started show-token',
      'step/finished show-token',
      'run/finished',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', runId, status: 'succeeded', exitCode: 0, ending: { status: 'finished', command: `pitstop report ${runId}` } });
    expect(events.find((e) => e.type === 'step/line')).toMatchObject({ stepId: 'show-token', line: '***' });
    expect([run.stdout, run.stderr].flatMap((text) => leakedForms(text, TOKEN))).toEqual([]);

    // The report says the same skip and why (the engine's decision, replayed from the journal).
    const report = await pitstop(sandbox, ['report', runId]);
    expect(report.stdout).toContain("### 2. full-only\n\nStatus: ↷ skipped\n\nSkipped: the mode is quick, not full");
    const json = JSON.parse((await pitstop(sandbox, ['report', runId, '--format', 'json'])).stdout);
    expect(json.steps.find((s: { id: string }) => s.id === 'full-only')).toMatchObject({ status: 'skipped', skipReason: 'the mode is quick, not full' });
  });

  it('a failed run ends with run/finished carrying exit code 1 and the step', async () => {
    const sandbox = project([...STEPS.slice(0, 3), '  - id: boom', '    kind: command', node('process.exit(5)')]);
    const run = await pitstop(sandbox, ['run', 'events', '--target', 'shop', '--json']);
    expect(run.exitCode).toBe(1);
    const events = parseLines(run.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', status: 'failed', stepId: 'boom', exitCode: 1, ending: { status: 'failed' } });
  });

  it('stopped at a gate: run/paused carries exit code 3; resume --json starts with run/resumed naming the run and does not repeat earlier skips', async () => {
    const sandbox = project([...STEPS.slice(0, 7), '  - id: wipe', '    kind: command', '    destructive: true', '    gate: { type: typed, phrase: "wipe it" }', node('0')]);
    const run = await pitstop(sandbox, ['run', 'events', '--target', 'shop', '--json']);
    expect(run.exitCode).toBe(3);
    const runId = basename(onlyRunDir(sandbox));
    const events = parseLines(run.stdout);
    expect(events.filter((e) => e.type === 'step/skipped').map((e) => e.stepId)).toEqual(['full-only']);
    expect(events.at(-1)).toMatchObject({ type: 'run/paused', runId, reason: 'gate', stepId: 'wipe', exitCode: 3, ending: { status: 'stopped-at-gate', command: `pitstop resume ${runId} --confirm "wipe it"` } });

    const resumed = await pitstop(sandbox, ['resume', runId, '--json', '--confirm', 'wipe it']);
    expect(resumed.exitCode).toBe(0);
    const again = parseLines(resumed.stdout);
    expect(again[0]).toMatchObject({ type: 'run/resumed', runId });
    expect(again.some((e) => e.type === 'step/skipped')).toBe(false);
    expect(again.at(-1)).toMatchObject({ type: 'run/finished', runId, exitCode: 0 });
  });

  it('--plain says the same skip in a line of its own, in step order', async () => {
    const sandbox = project(STEPS);
    const run = await pitstop(sandbox, ['run', 'events', '--target', 'shop', '--plain']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    const skip = lines.indexOf("– [2/3] full-only skipped: the mode is quick, not full");
    expect(skip).toBeGreaterThan(lines.findIndex((l) => l.includes('✓ count done')));
    expect(skip).toBeLessThan(lines.findIndex((l) => l.includes('show-token —')));
  });

  it('a signal: the last line is run/paused with the signal and exit code 143, as the process exits', async () => {
    const sandbox = project(['  - id: wait', '    kind: command', node("require('fs').writeFileSync('started', ''); setInterval(() => {}, 1000)")]);
    const child = spawnPitstop(sandbox, ['run', 'events', '--target', 'shop', '--json']);
    await waitFor(() => existsSync(join(sandbox.cwd, 'started')), 'the step to start');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    const events = parseLines(String(result.stdout));
    expect(events.at(-1)).toMatchObject({ type: 'run/paused', reason: 'sigterm', exitCode: 143, ending: { status: 'paused' } });
  });

  it('an ending whose command holds a secret (a gate phrase made of the token) is masked', async () => {
    const sandbox = project(['  - id: wipe', '    kind: command', '    destructive: true', '    gate: { type: typed, phrase: "{{ target.auth_token }}" }', node('0')]);
    const run = await pitstop(sandbox, ['run', 'events', '--target', 'shop', '--json']);
    expect(run.exitCode, run.stderr).toBe(3);
    const last = parseLines(run.stdout).at(-1)!;
    expect(last).toMatchObject({ type: 'run/paused', exitCode: 3 });
    expect(last['ending'].command).toContain('--confirm "***"');
    expect([run.stdout, run.stderr].flatMap((text) => leakedForms(text, TOKEN))).toEqual([]);
  });
});
