import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

const countRows = ['  - id: count', '    kind: sql', '    title: Count tickets', '    query: SELECT count(*) AS n FROM tickets'];
const confirmStep = ['  - id: go-ahead', '    kind: confirm', '    title: Go ahead?'];

function scenarioRunbook(id: string, scenario: string, summary: string, steps: string[]): string {
  return runbookYaml(id, steps).replace('scenario: custom', `scenario: ${scenario}`).replace(/^summary: .*$/m, `summary: ${summary}`);
}

let app: Mounted | undefined;
afterEach(() => app?.unmount());

describe('home', () => {
  it('shows backup health, one line per target, filled in once it is known', async () => {
    const world = await makeWorld({ 'tickets-deleted': scenarioRunbook('tickets-deleted', 'accidental-deletion', 'Bring deleted tickets back', countRows) });
    app = mountApp(world, [], { kind: 'home' });
    await app.waitFor('Backups (pitstop status)');
    // The world's target was never backed up: the line says so and what to run.
    expect(await app.waitFor(/✗ tickets fail: backup snapshot never backed up: run libsql-backup/)).toContain('tickets-deleted');
  });

  it('lists runbooks by scenario with engine, target and summary, filters by typing, and offers unfinished runs first', async () => {
    const world = await makeWorld({
      'tickets-deleted': scenarioRunbook('tickets-deleted', 'accidental-deletion', 'Bring deleted tickets back', countRows),
      'tickets-backup': scenarioRunbook('tickets-backup', 'backup', 'Snapshot the tickets database', [...confirmStep, ...countRows]),
    });
    app = mountApp(world, [], { kind: 'home' });
    const home = await app.waitFor('tickets-deleted');
    // Shipped runbooks are listed too; ours sit under their scenario heading.
    expect(home).toMatch(/accidental-deletion\n(?:[ ❯] .*\n)*  tickets-deleted {2}libsql · tickets {2}Bring deleted tickets back/);
    expect(home).toMatch(/backup\n(?:[ ❯] .*\n)*  tickets-backup {2}libsql · tickets {2}Snapshot the tickets database/);

    // Typing filters the list; Esc clears the filter.
    await app.type('snap');
    const filtered = await app.waitFor('filter: snap');
    expect(filtered).toContain('tickets-backup');
    expect(filtered).not.toContain('tickets-deleted');
    await app.press(KEY.escape);
    expect(await app.waitFor('tickets-deleted')).toContain('tickets-backup');

    // Open the backup runbook and leave its run paused at the confirm gate (Enter = No).
    await app.type('/tickets-backup');
    await app.waitFor(/filter: tickets-backup/);
    await app.press(KEY.enter, KEY.enter);
    await app.waitFor('[y/N]');
    await app.press(KEY.enter);
    await app.waitFor(/paused/);
    app.unmount();

    // Back home: the unfinished run is offered first, and Enter resumes it at the same gate.
    const [runId] = world.runIds();
    app = mountApp(world, [], { kind: 'home' });
    const again = await app.waitFor(runId!);
    expect(again.indexOf(runId!)).toBeLessThan(again.indexOf('tickets-deleted'));
    expect(again).toMatch(new RegExp(`❯ ${runId} stopped-at-gate`));
    await app.press(KEY.enter);
    await app.waitFor('[y/N]');
    await app.press('y');
    await app.waitFor('run finished');
    expect(world.journal(runId).map((e) => e.type)).toContain('run/finished');
  });

  it('Enter opens the highlighted runbook after the filter', async () => {
    const manual = (title: string) => ['  - id: look', '    kind: manual', `    title: ${title}`];
    const world = await makeWorld({
      'zz-one': scenarioRunbook('zz-one', 'custom', 'First of two', manual('Look at the first')),
      'zz-two': scenarioRunbook('zz-two', 'custom', 'Second of two', manual('Look at the second')),
    });
    app = mountApp(world, [], { kind: 'home' });
    await app.waitFor('zz-one');
    await app.type('/zz');
    await app.waitFor('filter: zz');
    await app.press(KEY.enter, KEY.down);
    await app.waitFor(/❯ zz-two/);
    await app.press(KEY.enter);
    await app.waitFor('Look at the second');
  });

  it('a filter typed in one burst, Enter included, goes in whole', async () => {
    const manual = ['  - id: look', '    kind: manual', '    title: Look around'];
    const world = await makeWorld({ 'zz-burst': scenarioRunbook('zz-burst', 'custom', 'Typed at once', manual) });
    app = mountApp(world, [], { kind: 'home' });
    await app.waitFor('zz-burst');
    await app.press('/zz-bu\r');
    const screen = await app.waitFor('filter: zz-bu');
    expect(screen).toContain('Enter open');
    expect(screen).toMatch(/❯ zz-burst/);
  });
});
