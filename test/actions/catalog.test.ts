import { describe, expect, it } from 'vitest';
import { ALL_ACTION_SPECS } from '../../src/actions/all-specs.js';
import { ACTION_CATALOG } from '../../src/actions/catalog.js';
import { getAction, listActions, loadActionSpecs } from '../../src/actions/registry.js';

describe('the action catalog', () => {
  it('loads, under each name, the spec of that name', async () => {
    for (const [name, entry] of Object.entries(ACTION_CATALOG)) expect((await entry.spec()).name).toBe(name);
  });

  it('names every action that all-specs lists, and no other', () => {
    expect(ALL_ACTION_SPECS.map((s) => s.name).sort()).toEqual(Object.keys(ACTION_CATALOG).sort());
    expect(listActions().map((a) => a.name).sort()).toEqual(Object.keys(ACTION_CATALOG).sort());
  });

  it('leaves names that are no action to the caller (lint says so), and loads the named ones', async () => {
    await loadActionSpecs(['no.such-action', 'libsql.snapshot']);
    expect(getAction('no.such-action')).toBeUndefined();
    expect(getAction('libsql.snapshot')?.name).toBe('libsql.snapshot');
  });
});
