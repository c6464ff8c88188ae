import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml, until } from './world.js';

// The keymaps' promises, on the real screens; each key is sent once the mode's handler listens.
let app: Mounted | undefined;
afterEach(() => app?.unmount());

describe('the screens follow their keymaps', () => {
  it('? on home shows the home keys; ? or Esc closes them', async () => {
    const world = await makeWorld({ 'zz-one': runbookYaml('zz-one', ['  - id: look', '    kind: manual', '    title: Look']) });
    app = mountApp(world, [], { kind: 'home' });
    await app.ready('home');
    app.burst('?');
    const help = await app.waitFor('Keys (home)');
    expect(help).toMatch(/\/ +filter \(or type a letter\)/);
    expect(help).not.toContain('filter: ?');
    await app.ready('home-help');
    app.burst(KEY.escape);
    const back = await app.waitFor('Enter open');
    expect(back).not.toContain('Keys (home)');
  });

  it('Esc on home clears a filter first, and only then quits', async () => {
    const world = await makeWorld({ 'zz-one': runbookYaml('zz-one', ['  - id: look', '    kind: manual', '    title: Look']) });
    app = mountApp(world, [], { kind: 'home' });
    await app.ready('home');
    app.burst('/zz\r');
    // The burst left the filter and is back on the list (the same mode: nothing to wait for).
    await app.waitFor('filter: zz');
    app.burst(KEY.escape);
    await app.waitFor('(type or / to filter)');
    expect(app.flow.getSnapshot().screen).toBe('home');
    app.burst(KEY.escape);
    await until(() => app!.flow.getSnapshot().screen === 'done', 'the app to leave');
  });

  it('l at a confirmation gate opens nothing (the step has no log yet) and the footer does not offer it', async () => {
    const steps = [
      '  - id: print',
      '    kind: command',
      '    title: Print',
      '    argv: [node, -e, "console.log(\'printed before the gate\')"]',
      '  - id: go',
      '    kind: confirm',
      '    title: Go on?',
      '    gate: { type: confirm }',
    ];
    const world = await makeWorld({ gated: runbookYaml('gated', steps) });
    app = mountApp(world, [], { kind: 'run', runbook: 'gated' });
    await app.ready('gate-confirm');
    const gate = await app.waitFor('[y/N]');
    expect(gate).not.toMatch(/l full log/);
    app.burst('l?');
    // The help opened (the key after l was heard), not the previous step's log.
    const help = await app.waitFor('Keys (gate-confirm)');
    expect(help).not.toContain('log · print');
    await app.ready('help');
    // Esc then a letter in one chunk is Alt+letter to a terminal: the letter goes once Esc was taken.
    app.burst(KEY.escape);
    await app.ready('gate-confirm');
    app.burst('y');
    await app.waitFor('run finished');
  });

  it('at a typed gate q, l and ? go into the phrase, as the footer says', async () => {
    const steps = ['  - id: go', '    kind: confirm', '    title: Go?', '    gate: { type: typed, phrase: "l?q" }'];
    const world = await makeWorld({ typed: runbookYaml('typed', steps) });
    app = mountApp(world, [], { kind: 'run', runbook: 'typed' });
    await app.ready('gate-typed');
    expect(app.screen()).toContain('letters go into the phrase (q, l and ? too)');
    app.burst('l?q\r');
    await app.waitFor('run finished');
    expect(world.journal().find((e) => e.type === 'gate/answered')).toMatchObject({ approved: true, answer: 'l?q' });
  });

  it('an extra Enter does not mark a manual step done; d does', async () => {
    const steps = ['  - id: tell', '    kind: manual', '    title: Tell the team'];
    const world = await makeWorld({ manual: runbookYaml('manual', steps) });
    app = mountApp(world, [], { kind: 'run', runbook: 'manual' });
    await app.ready('manual');
    // Enter, then ? in the same burst: the help of the manual step shows, so Enter did nothing.
    app.burst('\r?');
    await app.waitFor('Keys (manual)');
    expect(world.journal().some((e) => e.type === 'step/finished')).toBe(false);
    await app.ready('help');
    app.burst(KEY.escape);
    await app.ready('manual');
    app.burst('d');
    await app.waitFor('run finished');
  });
});
