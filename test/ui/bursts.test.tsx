import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

// Every input takes bursts: several keys in one chunk, as a fast typist, a paste or tmux sends
// them. Each test waits for the screen's key handler (its announced mode), never a fixed time.
let app: Mounted | undefined;
afterEach(() => app?.unmount());

const BS = KEY.backspace;

describe('bursts of keys', () => {
  it('a typed gate gets `ticketsxx` and two Backspaces in one chunk, and approves with `tickets`', async () => {
    const steps = ['  - id: go', '    kind: confirm', '    title: Go?', '    gate: { type: typed, phrase: "{{ target.name }}" }'];
    const world = await makeWorld({ typed: runbookYaml('typed', steps) });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'typed' });
    await app.ready('gate-typed');
    app.burst(`ticketsxx${BS}${BS}\r`);
    await app.waitFor('run finished');
    expect(world.journal().find((e) => e.type === 'gate/answered')).toMatchObject({ approved: true });
  });

  it('the parameters form: text, Backspaces, arrows, Delete and Enter in one chunk', async () => {
    const steps = ['  - id: look', '    kind: manual', '    title: Look at {{ params.period }}'];
    const world = await makeWorld({ form: runbookYaml('form', steps, ['params:', '  period: { type: string, required: true }']) });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'form' });
    await app.ready('params');
    // abcxyz, 3 Backspaces → abc; ← ← Delete → ac; End, d → acd.
    app.burst(`abcxyz${BS}${BS}${BS}\u001b[D\u001b[D\u001b[3~\u001b[Fd\r`);
    await app.waitFor('Look at acd');
  });

  it('a manual step note: twelve Backspaces in one chunk remove twelve characters', async () => {
    const steps = ['  - id: tell', '    kind: manual', '    title: Tell the team'];
    const world = await makeWorld({ note: runbookYaml('note', steps) });
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'note' });
    await app.ready('manual');
    app.burst('n');
    await app.ready('manual-note');
    app.burst(`told them: twelve chars${BS.repeat(12)}ok\r`);
    await app.waitFor('run finished');
    expect(world.journal().find((e) => e.type === 'step/finished' && e.stepId === 'tell')).toMatchObject({ note: 'told them: ok' });
  });

  it('the home filter: letters and Backspaces in one chunk', async () => {
    const steps = ['  - id: look', '    kind: manual', '    title: Look'];
    const world = await makeWorld({ 'zz-alpha': runbookYaml('zz-alpha', steps), 'zz-beta': runbookYaml('zz-beta', steps) });
    app = mountApp(world, [], { kind: 'home' });
    await app.ready('home');
    app.burst(`/zz-bex${BS}${BS}`);
    const screen = await app.waitFor('filter: zz-b');
    expect(screen).toContain('zz-beta');
    expect(screen).not.toContain('zz-alpha');
    app.burst(`${BS}a`);
    const other = await app.waitFor('filter: zz-a');
    expect(other).toContain('zz-alpha');
    expect(other).not.toContain('zz-beta');
  });
});
