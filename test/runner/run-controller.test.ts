import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunController, type AskEffect, type RunController } from '../../src/runner/run-controller.js';
import { prepareNewRun } from '../../src/runner/session.js';
import { makeWorld, runbookYaml, TOKEN, until, type World } from '../ui/world.js';

const node = (code: string) => `    argv: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(code)}]`;

// Fails the first time for a run, passes after: the marker is named by the run id.
const FLAKY =
  "const fs = require('fs'); const f = require('path').join(require('os').tmpdir(), 'pitstop-flaky-' + process.argv[1]); if (fs.existsSync(f)) process.exit(0); fs.writeFileSync(f, ''); console.error('first try fails'); process.exit(3)";

const RUNBOOKS = {
  flow: runbookYaml('flow', [
    '  - id: print',
    '    kind: command',
    node("for (let i = 1; i <= 5000; i++) console.log('line ' + i); console.log('token ' + process.env.PITSTOP_UI_TOKEN)"),
    '  - id: count',
    '    kind: sql',
    '    query: SELECT count(*) AS n FROM tickets',
    '    expect: { n: 2 }',
    '  - id: approve',
    '    kind: confirm',
    '  - id: typed',
    '    kind: command',
    node('0'),
    '    gate: { type: typed, phrase: "{{ target.name }}" }',
    '  - id: note',
    '    kind: manual',
    '    title: Tell the team',
  ]),
  flaky: runbookYaml('flaky', [
    '  - id: flaky',
    '    kind: command',
    `    argv: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(FLAKY)}, "{{ run.id }}"]`,
    '  - id: after',
    '    kind: command',
    node('0'),
  ]),
  destroy: runbookYaml('destroy', [
    '  - id: wipe',
    '    kind: command',
    '    destructive: true',
    '    gate: { type: typed, phrase: tickets }',
    node('process.exit(4)'),
  ]),
  'secret-gate': runbookYaml('secret-gate', [
    '  - id: wipe',
    '    kind: command',
    '    destructive: true',
    '    gate: { type: typed, phrase: "{{ target.auth_token }}", prompt: "Type the token {{ target.auth_token }}" }',
    node("console.log(Buffer.from(process.argv[1]).toString('hex').toUpperCase())").replace(/\]$/, ', "{{ target.auth_token }}"]'),
  ]),
  slow: runbookYaml('slow', ['  - id: forever', '    kind: command', node("setInterval(() => console.log('tick'), 20)")]),
};

async function start(world: World, argv: string[], throttleMs = 80): Promise<{ ctl: RunController; ended: ReturnType<RunController['run']> }> {
  const session = await prepareNewRun(world.args(argv));
  const ctl = createRunController(session, { user: 'tester', throttleMs });
  return { ctl, ended: ctl.run() };
}

type Ask<T extends AskEffect['type']> = Extract<AskEffect, { type: T }>;

const asking =
  <T extends AskEffect['type']>(ctl: RunController, type: T) =>
  (): Ask<T> | null => {
    const phase = ctl.getSnapshot().phase;
    return phase.kind === 'asking' && phase.ask.type === type ? (phase.ask as Ask<T>) : null;
  };

describe('run controller', () => {
  it('drives a run through its questions and keeps only the tail of the output', async () => {
    const world = await makeWorld(RUNBOOKS);
    const { ctl, ended } = await start(world, ['run', 'flow']);
    await until(asking(ctl, 'ask-gate'), 'the confirm gate');
    const view = ctl.getSnapshot();
    const print = view.tails['print']!;
    expect(print.total).toBe(5001);
    expect(print.lines).toHaveLength(200);
    expect(print.lines.at(-2)).toBe('line 5000');
    expect(print.lines.at(-1)).toBe('token ***');
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    const count = view.done.find((d) => d.stepId === 'count')!;
    expect(count.table).toMatchObject({ columns: ['n'], rows: [{ n: 2 }], rowCount: 1 });
    expect(count.evidence).toMatchObject([{ pass: true, actual: '2' }]);

    ctl.gate(true);
    const typed = await until(() => {
      const ask = asking(ctl, 'ask-gate')();
      return ask && ask.stepId === 'typed' ? ask : null;
    }, 'the typed gate');
    expect(typed.gate).toEqual({ type: 'typed', phrase: 'tickets' });
    ctl.gate(true, 'tickets-prod');
    const again = await until(() => {
      const ask = asking(ctl, 'ask-gate')();
      return ask && ask.rejected ? ask : null;
    }, 'the rejection');
    expect(again.rejected).toMatch(/does not match/);
    ctl.gate(true, 'tickets');
    await until(asking(ctl, 'ask-manual'), 'the manual step');
    ctl.manual('  told #incidents  ');
    const end = await ended;
    expect(end).toMatchObject({ exitCode: 0, status: 'finished' });
    expect(ctl.getSnapshot().phase).toMatchObject({ kind: 'over' });

    const journal = world.journal();
    const gates = journal.filter((e) => e.type === 'gate/answered');
    expect(gates.map((g) => [g.stepId, g.answer ?? null, g.via])).toEqual([
      ['approve', null, 'tui'],
      ['typed', 'tickets-prod', 'tui'],
      ['typed', 'tickets', 'tui'],
    ]);
    expect(journal.find((e) => e.type === 'step/finished' && e.stepId === 'note')).toMatchObject({ note: 'told #incidents', by: 'tester' });
    expect(journal.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });

  it('shows a gate whose phrase is a secret masked, and still approves the real phrase typed', async () => {
    const world = await makeWorld(RUNBOOKS);
    const { ctl, ended } = await start(world, ['run', 'secret-gate']);
    const ask = await until(asking(ctl, 'ask-gate'), 'the typed gate');
    expect(ask.gate).toEqual({ type: 'typed', phrase: '***', prompt: 'Type the token ***' });
    ctl.gate(true, TOKEN);
    expect(await ended).toMatchObject({ exitCode: 0, status: 'finished' });
    const view = JSON.stringify(ctl.getSnapshot());
    expect(view).toContain('***');
    expect(view).not.toContain(Buffer.from(TOKEN).toString('hex').toUpperCase());
    expect(view).not.toContain(TOKEN);
  });

  it('batches output: far fewer redraws than lines', async () => {
    const world = await makeWorld(RUNBOOKS);
    const session = await prepareNewRun(world.args(['run', 'flow']));
    const ctl = createRunController(session, { user: 'tester', throttleMs: 100 });
    let redraws = 0;
    ctl.subscribe(() => (redraws += 1));
    const ended = ctl.run();
    await until(asking(ctl, 'ask-gate'), 'the confirm gate');
    expect(redraws).toBeLessThan(40);
    ctl.requestPause();
    expect(await ended).toMatchObject({ exitCode: 3, status: 'stopped-at-gate' });
  });

  it('after a failure: retry runs the step again and the run goes on', async () => {
    const world = await makeWorld(RUNBOOKS);
    const { ctl, ended } = await start(world, ['run', 'flaky']);
    const failed = await until(() => {
      const p = ctl.getSnapshot().phase;
      return p.kind === 'failed' ? p : null;
    }, 'the failure');
    expect(failed).toMatchObject({ stepId: 'flaky', choices: ['retry', 'skip', 'abort'], skippable: true });
    expect(failed.error).toMatch(/exit/);
    ctl.failure('retry');
    expect(await ended).toMatchObject({ exitCode: 0, status: 'finished' });
    const journal = world.journal();
    // The loop journals the answer in order: no run/finished before it, nothing stamped by the screen.
    expect(journal.map((e) => e.type)).toEqual(['run/started', 'step/started', 'step/output', 'step/finished', 'failure/resolved', 'step/started', 'step/finished', 'step/started', 'step/finished', 'run/finished']);
    expect(journal.filter((e) => e.type === 'failure/resolved')).toMatchObject([{ stepId: 'flaky', choice: 'retry', by: 'tester' }]);
    expect(journal.filter((e) => e.type === 'step/finished' && e.stepId === 'flaky').map((e) => e.status)).toEqual(['failed', 'succeeded']);
  });

  it('a destructive step that failed cannot be skipped; abort ends the run', async () => {
    const world = await makeWorld(RUNBOOKS);
    const { ctl, ended } = await start(world, ['run', 'destroy']);
    await until(asking(ctl, 'ask-gate'), 'the typed gate');
    ctl.gate(true, 'tickets');
    await until(() => ctl.getSnapshot().phase.kind === 'failed', 'the failure');
    expect(ctl.getSnapshot().phase).toMatchObject({ choices: ['retry', 'abort'], skippable: false });
    ctl.failure('skip');
    await new Promise((r) => setTimeout(r, 50));
    expect(ctl.getSnapshot().phase.kind).toBe('failed');
    ctl.failure('abort');
    expect(await ended).toMatchObject({ kind: 'aborted', exitCode: 3, status: 'aborted', next: expect.stringContaining('pitstop report') });
    expect(world.journal().filter((e) => e.type === 'failure/resolved').map((e) => e.choice)).toEqual(['abort']);
  });

  it('pausing at the failure prompt leaves the run failed (resumable); a forced exit there keeps the signal’s code', async () => {
    const world = await makeWorld(RUNBOOKS);
    const paused = await start(world, ['run', 'destroy']);
    await until(asking(paused.ctl, 'ask-gate'), 'the typed gate');
    paused.ctl.gate(true, 'tickets');
    await until(() => paused.ctl.getSnapshot().phase.kind === 'failed', 'the failure');
    paused.ctl.requestPause();
    expect(await paused.ended).toMatchObject({ kind: 'failed', exitCode: 1, status: 'failed', next: expect.stringContaining('pitstop resume') });
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/finished', status: 'failed', stepId: 'wipe' });
    expect(world.journal().some((e) => e.type === 'failure/resolved')).toBe(false);

    const forced = await start(world, ['run', 'destroy']);
    await until(asking(forced.ctl, 'ask-gate'), 'the typed gate');
    forced.ctl.gate(true, 'tickets');
    await until(() => forced.ctl.getSnapshot().phase.kind === 'failed', 'the failure');
    forced.ctl.forceStop('SIGTERM');
    expect(await forced.ended).toMatchObject({ kind: 'failed', exitCode: 143, status: 'failed' });
  });

  it('q while a step runs asks first; yes stops the step and journals the pause', async () => {
    const world = await makeWorld(RUNBOOKS);
    const { ctl, ended } = await start(world, ['run', 'slow']);
    await until(() => ctl.getSnapshot().tail?.lines.includes('tick'), 'output');
    ctl.requestPause();
    await until(() => ctl.getSnapshot().confirmPause, 'the question');
    ctl.confirmPause(false);
    await until(() => !ctl.getSnapshot().confirmPause, 'the question to go');
    expect(ctl.getSnapshot().live?.stepId).toBe('forever');
    ctl.requestPause();
    ctl.confirmPause(true);
    const end = await ended;
    expect(end).toMatchObject({ exitCode: 3, status: 'paused' });
    expect(end.next).toContain('pitstop resume');
    const journal = world.journal();
    expect(journal.at(-1)).toMatchObject({ type: 'run/paused', reason: 'operator' });
    expect(journal.some((e) => e.type === 'step/finished')).toBe(false);
  });

  it('a second Ctrl+C forces the exit (130)', async () => {
    const world = await makeWorld(RUNBOOKS);
    const { ctl, ended } = await start(world, ['run', 'slow']);
    await until(() => ctl.getSnapshot().live, 'the running step');
    ctl.interrupt();
    await until(() => ctl.getSnapshot().confirmPause, 'the question');
    ctl.interrupt();
    expect(await ended).toMatchObject({ exitCode: 130 });
    expect(ctl.getSnapshot().forced).toBe(true);
    expect(existsSync(join(world.home, 'runs'))).toBe(true);
  });
});
