import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

describe('the interrupted question of a step that reached a stage', () => {
  it('names the stage reached and offers to continue from it (behind the rerun phrase)', async () => {
    const world = await makeWorld({});
    const steps = [
      '  - id: long-copy',
      '    kind: command',
      '    title: Copy the archive',
      '    repeatable: false',
      '    argv: [node, -e, "console.log(\'copying\'); setTimeout(() => {}, 60000)"]',
    ];
    writeFileSync(join(world.dir, 'runbooks', 'long.yaml'), runbookYaml('long', steps));
    app = mountApp(world, [], { kind: 'run', runbook: 'long' });
    await app.waitFor('copying');
    await app.press('q');
    await app.waitFor('Pause the run now?');
    await app.press('y');
    await app.waitFor(/paused/);
    app.unmount();

    // What a long action leaves when it reported a stage before the pause: a checkpoint of the running attempt.
    const [runId] = world.runIds();
    const file = join(world.home, 'runs', runId!, 'journal.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const paused = lines.findIndex((l) => JSON.parse(l).type === 'run/paused');
    const at = JSON.parse(lines[paused]!).at as string;
    lines.splice(paused, 0, JSON.stringify({ type: 'step/checkpoint', at, stepId: 'long-copy', attempt: 1, name: 'copied', outputs: {} }));
    writeFileSync(file, `${lines.join('\n')}\n`);

    app = mountApp(world, [], { kind: 'resume', runId: runId! });
    const offered = await app.waitFor('after its stage copied');
    expect(offered).toContain('continues from copied');
    expect(offered).toContain('stages done: copied');
    expect(offered).toMatch(/I checked it: mark it done.*\n.*Continue from copied \(asks you to type "rerun long-copy"\).*\n.*Abort the run/);
  });
});
