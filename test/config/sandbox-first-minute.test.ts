import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, readJournalEvents } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

let term: TmuxSession | undefined;
afterEach(() => term?.close());

/**
 * The first minute of a new user, in a real terminal: a fresh state home, no pitstop.yaml,
 * `pitstop`, the deletion runbook opened from home, the form answered, the manual step marked
 * done: the run reaches the copy-back's gate with the snapshot it restored from in view.
 */
describe('the first minute on the sandbox', () => {
  it('libsql-accidental-deletion from home reaches the copy-back without "no verified snapshot"', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pitstop-first-minute-'));
    const home = join(base, 'home');
    term = startTmux({ argv: [process.execPath, CLI], cwd: base, env: { PITSTOP_HOME: home, NO_COLOR: '' }, width: 100, height: 40 });
    const t = term;
    await t.waitFor('libsql-accidental-deletion');
    await t.ready('home');
    await t.type('/libsql-accidental-deletion');
    await t.waitFor('filter: libsql-accidental-deletion');
    t.keys('Enter');
    await t.waitFor('Enter open');
    t.keys('Enter');
    await t.waitFor('When did the deletion happen');
    await t.type('2026-11-28T13:00:00+00:00');
    for (const field of ['source', 'table', 'time_column', 'also_tables']) {
      t.keys('Enter');
      await t.waitFor(`❯ ${field}:`);
    }
    t.keys('Enter');

    await t.waitFor('Stop whatever is deleting');
    await t.ready('manual');
    t.keys('d');
    const gate = await t.waitFor('To approve, type', 60_000);
    expect(gate).not.toContain('no verified snapshot');
    // The gate shows what it depends on: the snapshot the copy came from and the copy's rows.
    expect(gate).toMatch(/open-snapshot snapshot_taken_at: \d{4}-\d\d-\d\dT/);
    expect(gate).toMatch(/check-copy n: \d+/);

    const runs = join(home, 'runs');
    const events = readJournalEvents(join(runs, readdirSync(runs).find((d) => d.includes('libsql-accidental-deletion'))!));
    expect(events.find((e) => e.type === 'step/finished' && e.stepId === 'open-snapshot')).toMatchObject({ status: 'succeeded' });
    expect(events.some((e) => e.type === 'step/precondition-failed')).toBe(false);
  });
});
