import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigText, loadConfig } from '../../src/config/load.js';
import { ConfigError, UsageError, formatLocation } from '../../src/errors.js';

function project(yaml?: string): { cwd: string; home: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'pitstop-config-'));
  if (yaml !== undefined) writeFileSync(join(cwd, 'pitstop.yaml'), yaml);
  return { cwd, home: join(cwd, 'home') };
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const TWO_TARGETS = [
  'targets:',
  '  orquix:',
  '    engine: postgres',
  '    url: ${env:DATABASE_URL}',
  '    backups: ./backups/orquix',
  '    app:',
  '      stop: [systemctl, stop, "${env:APP_UNIT}"]',
  '  tickets:',
  '    engine: libsql',
  '    url: ${env:TURSO_DATABASE_URL}',
  '    auth_token: ${env:TURSO_AUTH_TOKEN}',
  '',
].join('\n');

describe('loadConfig', () => {
  it('substitutes ${env:NAME} references anywhere in a target, arrays included', () => {
    const p = project(TWO_TARGETS);
    const env = { DATABASE_URL: 'postgresql://app:pw-9f2@db.internal:5432/orquix', APP_UNIT: 'orquix-backend' };
    const config = loadConfig({ cwd: p.cwd, home: p.home, env });
    expect(config.file).toBe('pitstop.yaml');
    expect(config.names).toEqual(['orquix', 'tickets']);
    const t = config.getTarget('orquix');
    expect(t.url).toBe(env.DATABASE_URL);
    expect(t.app?.stop).toEqual(['systemctl', 'stop', 'orquix-backend']);
    expect(t.name).toBe('orquix');
    // Relative paths are relative to the file, not to wherever pitstop was started.
    expect(t.backups).toBe(join(p.cwd, 'backups', 'orquix'));
  });

  it('an unset variable is a ConfigError pointing at the reference, with a hint to export it', () => {
    const p = project(TWO_TARGETS);
    const error = caught(() => loadConfig({ cwd: p.cwd, home: p.home, env: {} }).getTarget('orquix'));
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.message).toBe('DATABASE_URL is not set (referenced by targets.orquix.url)');
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:4:10');
    expect(e.hint).toContain('export DATABASE_URL=');
    expect(e.exitCode).toBe(2);
  });

  it('resolves lazily: a missing variable of another target does not break this one', () => {
    const p = project(TWO_TARGETS);
    const config = loadConfig({ cwd: p.cwd, home: p.home, env: { TURSO_DATABASE_URL: 'libsql://tickets.example', TURSO_AUTH_TOKEN: 'tok-abc-123' } });
    expect(config.getTarget('tickets').url).toBe('libsql://tickets.example');
    expect(() => config.getTarget('orquix')).toThrow(/DATABASE_URL is not set/);
  });

  it('points at a reference inside a flow sequence too', () => {
    const p = project(TWO_TARGETS);
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home, env: { DATABASE_URL: 'postgresql://x@h/d' } }).getTarget('orquix')) as ConfigError;
    expect(e.message).toBe('APP_UNIT is not set (referenced by targets.orquix.app.stop[2])');
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:7:32');
  });

  it('lists every secret: the token, every value from the environment whatever its name, the password in a URL', () => {
    const p = project(
      [
        'targets:',
        '  db:',
        '    engine: postgres',
        '    url: postgresql://app:${env:DB_PASS}@db.internal/orquix',
        '    backups: /srv/${env:BACKUP_DIR}',
        '  turso:',
        '    engine: libsql',
        '    url: libsql://tickets.example',
        '    auth_token: ${env:TURSO_AUTH_TOKEN}',
        '  literal:',
        '    engine: postgres',
        '    url: postgresql://app:hunter2@db.internal/orquix',
      ].join('\n'),
    );
    const config = loadConfig({ cwd: p.cwd, home: p.home, env: { DB_PASS: 'pa55-word', BACKUP_DIR: 'orquix', TURSO_AUTH_TOKEN: 'eyJ-token' } });
    expect(config.getTarget('db').secrets).toContain('pa55-word');
    expect(config.getTarget('db').secrets).toContain('orquix');
    expect(config.getTarget('turso').secrets).toEqual(['eyJ-token']);
    expect(config.getTarget('literal').secrets).toContain('hunter2');
  });

  it('a URL from the environment is not a secret as a whole: its password and token parameters are', () => {
    const p = project(['targets:', '  db:', '    engine: postgres', '    url: ${env:DB_URL}', '    app: { health: [check, "${env:DB_CRED}"] }', ''].join('\n'));
    const url = 'postgresql://app:pw-9f2x@db.internal:5432/orquix?sslpassword=key-pass-1&application_name=pitstop';
    const target = loadConfig({ cwd: p.cwd, home: p.home, env: { DB_URL: url, DB_CRED: 'cred-value-1' } }).getTarget('db');
    expect(target.secrets.sort()).toEqual(['cred-value-1', 'key-pass-1', 'pw-9f2x']);
  });

  it('refuses a secret shorter than 6 characters at run start, pointing at where it comes from', () => {
    const p = project(['targets:', '  db:', '    engine: libsql', '    url: libsql://h', '    app: { health: [check, "${env:DB_CRED}"] }', ''].join('\n'));
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home, env: { DB_CRED: 'abc' } }).getTarget('db')) as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('DB_CRED (referenced by targets.db.app.health[1]): a secret must be at least 6 characters long: a shorter one cannot be masked in output without mangling it');
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:5:29');
    expect(e.message).not.toContain('abc');
    const literal = project(['targets:', '  db:', '    engine: postgres', '    url: postgresql://app:pw@h/db', ''].join('\n'));
    expect(() => loadConfig({ cwd: literal.cwd, home: literal.home })).toThrow('the password or token in url of targets.db: a secret must be at least 6 characters long');
  });

  it('an unknown target names the ones that exist', () => {
    const p = project(TWO_TARGETS);
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home, env: {} }).getTarget('prod'));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('unknown target prod; targets in pitstop.yaml: orquix, tickets');
  });

  it('without pitstop.yaml the only target is the built-in sandbox', () => {
    const p = project();
    const config = loadConfig({ cwd: p.cwd, home: p.home });
    expect(config.file).toBeNull();
    expect(config.names).toEqual(['sandbox']);
    const sandbox = config.getTarget('sandbox');
    expect(sandbox).toMatchObject({ engine: 'libsql', builtin: true, url: `file:${join(p.home, 'sandbox', 'sandbox.db')}`, backups: join(p.home, 'sandbox', 'backups') });
    expect(() => config.getTarget('orquix')).toThrow('unknown target orquix; no pitstop.yaml here: the only target is the built-in sandbox');
  });

  it('a --config file that does not exist is an error, not the sandbox', () => {
    const p = project();
    expect(() => loadConfig({ cwd: p.cwd, home: p.home, file: 'prod.yaml' })).toThrow(ConfigError);
  });

  it('schema problems carry FILE:LINE:COL of the offending key or value', () => {
    const p = project(['targets:', '  orquix:', '    engine: mysql', '    url: postgresql://h/d', '    backup: /b', ''].join('\n'));
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home })) as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:3:13');
    expect(e.message).toMatch(/^targets\.orquix\.engine: /);
    expect(e.message).toContain('pitstop.yaml:5:5: unknown field "backup" in targets.orquix');
  });

  it('a missing required field points at its target', () => {
    const p = project(['targets:', '  orquix:', '    engine: postgres', ''].join('\n'));
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home })) as ConfigError;
    expect(e.message).toBe('targets.orquix: missing required field url');
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:3:5');
  });

  it('YAML syntax errors and duplicate keys are reported with their line', () => {
    const p = project(['targets:', '  a:', '    engine: libsql', '    engine: libsql', '    url: file:a.db', ''].join('\n'));
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home })) as ConfigError;
    expect(e.location?.line).toBe(4);
  });

  it('refuses a reference written the shell way, which would reach the driver literally', () => {
    const p = project(['targets:', '  a:', '    engine: postgres', '    url: ${DATABASE_URL}', ''].join('\n'));
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home })) as ConfigError;
    expect(e.message).toContain('write ${env:DATABASE_URL}');
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:4:10');
  });

  it('an empty file says what is missing', () => {
    const p = project('');
    const e = caught(() => loadConfig({ cwd: p.cwd, home: p.home })) as ConfigError;
    expect(e.message).toBe('missing required field targets');
    expect(formatLocation(e.location!)).toBe('pitstop.yaml:1:1');
  });

  it('checkConfigText lists every problem, for lint', () => {
    const text = ['targets:', '  a:', '    engine: oracle', '    url: ${A_URL}', '  b c:', '    engine: libsql', '    url: file:b.db', ''].join('\n');
    const { problems } = checkConfigText(text, 'pitstop.yaml');
    expect(problems.map((x) => `${formatLocation(x.location)}: ${x.message}`)).toEqual([
      expect.stringMatching(/^pitstop\.yaml:3:13: targets\.a\.engine: /),
      'pitstop.yaml:5:3: targets.b c: target names are letters, digits, "-" and "_"',
    ]);
  });

  it('a value with $ signs is substituted literally', () => {
    const p = project(['targets:', '  a:', '    engine: libsql', '    url: libsql://h', '    auth_token: ${env:TOKEN}', ''].join('\n'));
    expect(loadConfig({ cwd: p.cwd, home: p.home, env: { TOKEN: "a$&b$'c$1" } }).getTarget('a').auth_token).toBe("a$&b$'c$1");
  });
});
