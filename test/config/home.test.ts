import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pitstopHome, runDir } from '../../src/config/home.js';
import { UsageError } from '../../src/errors.js';

describe('pitstopHome', () => {
  it('prefers $PITSTOP_HOME, then $XDG_STATE_HOME, then the platform default', () => {
    expect(pitstopHome({ PITSTOP_HOME: '/srv/pit', XDG_STATE_HOME: '/x' })).toBe('/srv/pit');
    expect(pitstopHome({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/pitstop');
    expect(pitstopHome({ HOME: '/home/ana' }, 'linux')).toBe('/home/ana/.local/state/pitstop');
    expect(pitstopHome({ HOME: '/Users/ana' }, 'darwin')).toBe('/Users/ana/Library/Application Support/pitstop');
  });

  it('refuses run ids that would leave the runs directory', () => {
    expect(runDir('/h', '20261122-074512-x-k3f9')).toBe(join('/h', 'runs', '20261122-074512-x-k3f9'));
    for (const bad of ['../etc', 'a/b', '', '.hidden']) expect(() => runDir('/h', bad)).toThrow(UsageError);
  });
});
