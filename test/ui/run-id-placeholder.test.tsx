import { afterEach, describe, expect, it } from 'vitest';
import { mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

describe('run screen: runbook text that names the report command', () => {
  it('shows `pitstop report RUN_ID` of a manual step with the run id', async () => {
    const world = await makeWorld({
      tell: runbookYaml('tell', ['  - id: tell', '    kind: manual', '    title: Tell the owners', '    body: Send them the report (pitstop report RUN_ID).']),
    });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'tell' });
    await app.waitFor('Tell the owners');
    const runId = world.runIds().at(-1)!;
    const screen = await app.waitFor(`pitstop report ${runId}`);
    expect(screen).not.toContain('RUN_ID');
  });
});
