import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const merge = runbookYaml('merge', [
  '  - id: source',
  '    kind: input',
  '    title: Where do the rows come from?',
  '    params:',
  '      source: { type: enum, values: [snapshot, turso], default: snapshot, prompt: Source }',
  '  - id: count',
  '    kind: sql',
  '    title: Count the tickets',
  '    query: SELECT count(*) AS n FROM tickets',
  '  - id: enough',
  '    kind: check',
  '    title: At least two tickets',
  '    query: SELECT count(*) AS n FROM tickets',
  '    expect: { n: { gte: 2 } }',
  '  - id: write',
  '    kind: sql',
  '    title: Note the count',
  '    read_only: false',
  '    destructive: true',
  '    gate: { type: typed, phrase: "{{ target.name }}" }',
  '    query: INSERT INTO tickets (title) VALUES (?)',
  '    params: ["{{ steps.count.outputs.n }} tickets before the merge"]',
]);

describe('a gate shows the evidence it depends on', () => {
  it("lists the outputs the step uses and the previous step's checks above the phrase; a finished input shows the value chosen", async () => {
    const world = await makeWorld({ merge });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'merge' });
    await app.waitFor('Source');
    await app.press(KEY.enter);

    const atGate = await app.waitFor('To approve, type');
    const gate = atGate.slice(atGate.indexOf('Evidence this step depends on:'));
    const lines = gate.split('\n').map((l) => l.replace(/[│╰─╯]/g, '').trim());
    expect(lines.slice(0, 5)).toEqual(['Evidence this step depends on:', 'count n: 2', 'enough n: 2', '', 'To approve, type tickets (target tickets) and press Enter:']);
    expect(app.all()).toMatch(/source — Where do the rows come from\?\n\s+chosen: source = snapshot/);
    await app.type('tickets');
    await app.press(KEY.enter);
    await app.waitFor('run finished');
  });
});
