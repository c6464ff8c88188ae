import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

// The lists take their keys from the screen's own handler: a burst sent to a list (moves, then
// Enter, then the answer to the next question) is applied key by key, in order.
let app: Mounted | undefined;
afterEach(() => app?.unmount());

const failing = (id: string) => [`  - id: ${id}`, '    kind: command', `    title: Fails ${id}`, '    argv: [node, -e, "process.exit(3)"]'];

describe('bursts sent to a list', () => {
  it('failed step: ↓ ↓ Enter y in one chunk picks "Abort the run" and answers its question', async () => {
    const world = await makeWorld({});
    writeFileSync(join(world.dir, 'runbooks', 'flaky.yaml'), runbookYaml('flaky', failing('probe')));
    app = mountApp(world, [], { kind: 'run', runbook: 'flaky' });
    await app.ready('failed');
    expect(app.screen()).toMatch(/❯ 1 Retry the step/);
    app.burst(`${KEY.down}${KEY.down}\ry`);
    await app.waitFor(/aborted/);
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/finished', status: 'aborted' });
  });

  it('failed step: j k j and the number of an answer; a number past the list does nothing', async () => {
    const world = await makeWorld({});
    writeFileSync(join(world.dir, 'runbooks', 'flaky.yaml'), runbookYaml('flaky', failing('probe')));
    app = mountApp(world, [], { kind: 'run', runbook: 'flaky' });
    await app.ready('failed');
    app.burst('jkj');
    expect(await app.waitFor(/❯ 2 Skip it and go on/)).toMatch(/  1 Retry the step/);
    // 9: no such answer; 2: skip.
    app.burst('92');
    await app.waitFor('run finished');
    expect(world.journal().filter((e) => e.type === 'failure/resolved')).toMatchObject([{ stepId: 'probe', choice: 'skip' }]);
  });

  it('home: the End key and Enter in one chunk open the last runbook of the list', async () => {
    const look = ['  - id: look', '    kind: manual', '    title: Look around'];
    const world = await makeWorld({ 'zz-alpha': runbookYaml('zz-alpha', look), 'zz-beta': runbookYaml('zz-beta', look), 'zz-gamma': runbookYaml('zz-gamma', look) });
    app = mountApp(world, [], { kind: 'home' });
    await app.ready('home');
    app.burst('/zz');
    await app.ready('home-filter');
    // Enter leaves the filter, then ↓ ↑ End Enter on the list it left.
    app.burst(`\r${KEY.down}${KEY.up}\u001b[F\r`);
    await app.waitFor('zz-gamma');
    await app.ready('manual');
    expect(app.screen()).toContain('Look around');
    expect(world.runIds()).toHaveLength(1);
  });
});
