import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError, formatLocation } from '../../src/errors.js';

function load(lines: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'pitstop-rpo-'));
  writeFileSync(join(cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: postgres', '    url: postgresql://h/d', ...lines, ''].join('\n'));
  return () => loadConfig({ cwd, home: join(cwd, 'home') });
}

function caught(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected an error');
}

describe('rpo: per backup kind in pitstop.yaml', () => {
  it('takes a duration per kind, a dump set by name included', () => {
    const config = load(['    rpo: { dump-full: 12h, dump-set:critical: 1h, pgbackrest: 1d }'])();
    expect(config.getTarget('shop').rpo).toEqual({ 'dump-full': '12h', 'dump-set:critical': '1h', pgbackrest: '1d' });
  });

  it('an unknown kind is an error at its key that lists the kinds', () => {
    const e = caught(load(['    rpo:', '      snapshots: 6h']));
    expect(e).toBeInstanceOf(ConfigError);
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:6:7');
    expect(e.message).toMatch(/^targets\.shop\.rpo\.snapshots: not a backup kind: use dump-full, dump-set:NAME, basebackup, snapshot, export, /);
  });

  it('a value that is not a duration is an error at the value', () => {
    const e = caught(load(['    rpo:', '      snapshot: daily']));
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:6:17');
    expect(e.message).toContain('targets.shop.rpo.snapshot: a duration like 6h, 1d or 7d');
  });
});
