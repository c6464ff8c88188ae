import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

/** A command that fails until `flag` exists: what a flaky dependency looks like. */
const needsFlag = (id: string, flag: string, extra: string[] = []) => [
  `  - id: ${id}`,
  '    kind: command',
  `    title: Needs ${id}`,
  `    argv: [node, -e, "if (!require('fs').existsSync(process.argv[1])) { console.error('flag missing'); process.exit(3) }", "${flag}"]`,
  ...extra,
];

describe('gates', () => {
  it('a confirm gate defaults to No: Enter approves nothing and the run stops at the gate; y approves', async () => {
    const world = await makeWorld({ gated: runbookYaml('gated', ['  - id: go', '    kind: confirm', '    title: Proceed with the failover?', '    gate: { type: confirm }']) });
    app = mountApp(world, [], { kind: 'run', runbook: 'gated' });
    expect(await app.waitFor('[y/N]')).toContain('Proceed with the failover?');
    await app.press(KEY.enter);
    await app.waitFor(/stopped at the gate|paused/i);
    const [runId] = world.runIds();
    expect(world.journal(runId).filter((e) => e.type === 'gate/answered')).toMatchObject([{ stepId: 'go', approved: false }]);
    app.unmount();

    app = mountApp(world, [], { kind: 'resume', runId: runId! });
    await app.waitFor('[y/N]');
    await app.press('y');
    await app.waitFor('run finished');
    expect(world.journal(runId).filter((e) => e.type === 'gate/answered').map((e) => e.approved)).toEqual([false, true]);
  });
});

describe('failure choices', () => {
  it('offers retry, skip, abort and the log; retry runs the step again', async () => {
    const world = await makeWorld({});
    const flag = join(world.dir, 'flag');
    writeFileSync(join(world.dir, 'runbooks', 'flaky.yaml'), runbookYaml('flaky', needsFlag('probe', flag)));
    app = mountApp(world, [], { kind: 'run', runbook: 'flaky' });
    const failed = await app.waitFor('step probe failed');
    expect(failed).toMatch(/Retry the step.*\n.*Skip it and go on.*\n.*Abort the run.*\n.*Open its log/);
    expect(failed).toMatch(/r retry · s skip · a abort · l full log/);

    // The full log pages through what the step printed.
    await app.press('l');
    expect(await app.waitFor('flag missing')).toMatch(/probe \(attempt 1\)/);
    await app.press(KEY.escape);
    await app.waitFor('Retry the step');

    writeFileSync(flag, '');
    await app.press('r');
    await app.waitFor('run finished');
    const starts = world.journal().filter((e) => e.type === 'step/started' && e.stepId === 'probe');
    expect(starts.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('never offers skip for a step that changes the target, and abort asks first', async () => {
    const world = await makeWorld({});
    const flag = join(world.dir, 'never');
    const steps = needsFlag('swap', flag, ['    destructive: true', '    gate: { type: typed, phrase: swap it }']);
    writeFileSync(join(world.dir, 'runbooks', 'swap.yaml'), runbookYaml('swap', steps));
    app = mountApp(world, [], { kind: 'run', runbook: 'swap' });
    await app.waitFor('To approve, type');
    await app.type('swap it');
    await app.press(KEY.enter);
    const failed = await app.waitFor('step swap failed');
    expect(failed).toContain('it changes the target: it cannot be skipped');
    expect(failed).not.toContain('Skip it and go on');
    await app.press('s');
    expect(app.screen()).toContain('step swap failed');

    await app.press('a');
    expect(await app.waitFor('Abort the run?')).toContain('cannot be resumed');
    await app.press('n');
    await app.waitFor('Retry the step');
    await app.press('a');
    await app.waitFor('Abort the run?');
    await app.press('y');
    await app.waitFor(/aborted/);
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/finished', status: 'aborted' });
    expect(existsSync(flag)).toBe(false);
  });
});

describe('resume choices', () => {
  it('a step cut short by a pause is offered as interrupted: mark done with a note, journaled', async () => {
    const world = await makeWorld({});
    const steps = [
      '  - id: long-copy',
      '    kind: command',
      '    title: Copy the archive',
      '    repeatable: false',
      '    argv: [node, -e, "console.log(\'copying\'); setTimeout(() => {}, 60000)"]',
      '  - id: after',
      '    kind: command',
      '    title: After the copy',
      '    argv: [node, -e, "console.log(\'after\')"]',
    ];
    writeFileSync(join(world.dir, 'runbooks', 'long.yaml'), runbookYaml('long', steps));
    app = mountApp(world, [], { kind: 'run', runbook: 'long' });
    await app.waitFor('copying');

    // q while a step runs asks first; n keeps it running, q then y pauses.
    await app.press('q');
    await app.waitFor('Pause the run now?');
    await app.press('n');
    await app.waitFor('q pause');
    await app.press('q');
    await app.waitFor('Pause the run now?');
    await app.press('y');
    await app.waitFor(/paused/);
    const [runId] = world.runIds();
    expect(world.journal(runId).map((e) => e.type)).toContain('run/paused');
    app.unmount();

    app = mountApp(world, [], { kind: 'resume', runId: runId! });
    const offered = await app.waitFor('was interrupted while it ran');
    expect(offered).toContain('not safe to repeat blindly');
    expect(offered).toMatch(/I checked it: mark it done.*\n.*Run it again \(asks you to type "rerun long-copy"\).*\n.*Abort the run/);
    await app.press('m');
    await app.waitFor('Only if you checked');
    await app.type('archive complete, sizes match');
    await app.press(KEY.enter);
    await app.waitFor('run finished');
    const journal = world.journal(runId);
    expect(JSON.stringify(journal)).toContain('archive complete, sizes match');
    expect(journal.filter((e) => e.type === 'step/started' && e.stepId === 'long-copy')).toHaveLength(1);
    expect(journal.some((e) => e.type === 'step/finished' && e.stepId === 'after')).toBe(true);
  });
  it('an interrupted step run again behind its typed gate can itself be paused', async () => {
    const world = await makeWorld({});
    const steps = ['  - id: long-copy', '    kind: command', '    repeatable: false', '    argv: [node, -e, "console.log(\'copying\'); setTimeout(() => {}, 60000)"]'];
    writeFileSync(join(world.dir, 'runbooks', 'long.yaml'), runbookYaml('long', steps));
    app = mountApp(world, [], { kind: 'run', runbook: 'long' });
    await app.waitFor('copying');
    await app.press('q');
    await app.waitFor('Pause the run now?');
    await app.press('y');
    await app.waitFor(/paused/);
    app.unmount();

    const [runId] = world.runIds();
    app = mountApp(world, [], { kind: 'resume', runId: runId! });
    await app.waitFor('was interrupted while it ran');
    await app.press('r');
    await app.waitFor(/again, type/);
    await app.type('rerun long-copy');
    await app.press(KEY.enter);
    await app.waitFor(/attempt 2/);
    await app.press('q');
    await app.waitFor('Pause the run now?');
    await app.press('y');
    await app.waitFor(/paused at step long-copy/);
    expect(world.journal(runId).filter((e) => e.type === 'run/paused')).toHaveLength(2);
  });
});

describe('Ctrl+C', () => {
  it('is not lost when it arrives in one chunk with Enter (typed quickly, or a slow machine)', async () => {
    const world = await makeWorld({});
    const steps = ['  - id: go', '    kind: confirm', '    title: Go?', '    gate: { type: typed, phrase: go }', '  - id: never', '    kind: command', '    argv: [node, -e, "0"]'];
    writeFileSync(join(world.dir, 'runbooks', 'typed.yaml'), runbookYaml('typed', steps));
    app = mountApp(world, [], { kind: 'run', runbook: 'typed' });
    await app.waitFor('To approve, type');
    await app.type('go');
    await app.press(KEY.enter + KEY.ctrlC);
    await app.waitFor(/paused/);
    // Ctrl+C wins over the Enter that came with it: the run pauses, nothing after the gate runs.
    const journal = world.journal();
    expect(journal.some((e) => e.type === 'run/paused')).toBe(true);
    expect(journal.some((e) => e.type === 'step/started' && e.stepId === 'never')).toBe(false);
  });
});

describe('help overlay', () => {
  it('? shows every key of the screen underneath, from its keymap, and Esc closes it', async () => {
    const world = await makeWorld({ gated: runbookYaml('gated', ['  - id: go', '    kind: manual', '    title: Look at the dashboards']) });
    app = mountApp(world, [], { kind: 'run', runbook: 'gated' });
    await app.ready('manual');
    await app.press('?');
    const help = await app.waitFor('Keys');
    expect(help).toContain('Keys (manual)');
    expect(help).toMatch(/d +mark done/);
    expect(help).toMatch(/q +pause \(resumable\)/);
    expect(help).toContain('a second Ctrl+C leaves at once');
    expect(help).toMatch(/\?\/Esc close help/);
    await app.press(KEY.escape);
    const back = await app.waitFor('d mark done');
    expect(back).not.toContain('Keys (manual)');
    expect(back).not.toContain('Enter mark done');
  });
});
