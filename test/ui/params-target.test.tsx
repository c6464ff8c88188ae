import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml, until } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const showParams = runbookYaml(
  'show-params',
  ['  - id: note', '    kind: manual', '    title: Nothing to do'],
  ['params:', '  table: { type: identifier, default: from_runbook }', '  at: { type: timestamp, required: true }'],
);

/** A world whose target presets `table` for the runbook. */
async function worldWithTargetParams() {
  const world = await makeWorld({ 'show-params': showParams });
  const config = join(world.dir, 'pitstop.yaml');
  writeFileSync(config, `${readFileSync(config, 'utf8')}    params:\n      show-params: { table: from_target }\n`);
  return world;
}

describe("the parameter form and the target's params:", () => {
  it("shows the target's value as the default, and starts the run with it", async () => {
    const world = await worldWithTargetParams();
    app = mountApp(world, [], { kind: 'run', runbook: 'show-params' });
    const form = await app.waitFor('parameters');
    expect(form).toContain('table: from_target');
    expect(form).toContain('default from_target (target tickets)');
    expect(form).not.toContain('from_runbook');
    await app.press(KEY.enter);
    await app.type('2026-11-22T03:10:00Z');
    await app.press(KEY.enter);
    const started = await until(() => world.runIds().length > 0 && world.journal().find((e) => e.type === 'run/started'), 'run/started');
    expect(started.params).toEqual({ table: 'from_target', at: '2026-11-22T03:10:00Z' });
  });

  it("an emptied field falls back to the target's value, shown as the placeholder", async () => {
    const world = await worldWithTargetParams();
    app = mountApp(world, [], { kind: 'run', runbook: 'show-params' });
    await app.waitFor('dimmed: the default, typing replaces it');
    // The field shows its default as a placeholder: one Backspace empties it.
    await app.press(KEY.backspace);
    const emptied = await app.waitFor(/table: from_target\n +identifier, default from_target \(target tickets\)\n/);
    expect(emptied).not.toContain('typing replaces it');
    await app.press(KEY.enter);
    await app.type('2026-11-22T03:10:00Z');
    await app.press(KEY.enter);
    const started = await until(() => world.runIds().length > 0 && world.journal().find((e) => e.type === 'run/started'), 'run/started');
    expect(started.params.table).toBe('from_target');
  });
});
