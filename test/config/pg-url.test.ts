import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigText, loadConfig } from '../../src/config/load.js';
import { postgresUrlProblem } from '../../src/config/pg-url.js';
import { ConfigError, formatLocation } from '../../src/errors.js';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/**
 * A keyword/value conninfo (`host=… port=… dbname=…`) given as a PostgreSQL target's url
 * used to pass and connect somewhere else (the driver read it as a URL). pitstop refuses it,
 * in lint and when a run resolves the target, and shows the URL to write instead.
 */
describe('postgresUrlProblem', () => {
  it.each([
    ['host=db.internal port=5433 dbname=orquix user=app', 'postgresql://app@db.internal:5433/orquix'],
    ["host=/var/run/postgresql dbname='my db'", 'postgresql:///my%20db?host=%2Fvar%2Frun%2Fpostgresql'],
    ['dbname=orquix', 'postgresql://localhost/orquix'],
  ])('refuses the conninfo %s, showing %s', (conninfo, url) => {
    const problem = postgresUrlProblem(conninfo);
    expect(problem).toContain('is a keyword/value connection string');
    expect(problem).toContain(`use a postgresql:// URL: ${url}`);
  });

  it('keeps a password out of the suggestion', () => {
    const problem = postgresUrlProblem('host=db password=s3cr3t-pw dbname=x')!;
    expect(problem).not.toContain('s3cr3t-pw');
    expect(problem).toContain('postgresql://db/x');
    expect(problem).toMatch(/password: put it in the URL through \$\{env:…\}/);
  });

  it.each(['postgresql://app@db:5432/orquix', 'postgres://db/x', 'postgresql:///x?host=/tmp'])('accepts %s', (url) => {
    expect(postgresUrlProblem(url)).toBeNull();
  });

  it('refuses any other scheme', () => {
    expect(postgresUrlProblem('mysql://db/x')).toMatch(/^a PostgreSQL target's url must be a postgresql:\/\/ URL/);
  });
});

describe('a conninfo as a PostgreSQL target url', () => {
  const text = ['targets:', '  orquix:', '    engine: postgres', '    url: host=db.internal port=5433 dbname=orquix', ''].join('\n');

  it('is a problem at the url, for lint and load', () => {
    const { problems } = checkConfigText(text, 'pitstop.yaml');
    expect(problems).toHaveLength(1);
    expect(formatLocation(problems[0]!.location)).toBe('pitstop.yaml:4:10');
    expect(problems[0]!.message).toMatch(/^targets\.orquix\.url: "host=db\.internal port=5433 dbname=orquix" is a keyword\/value connection string/);
  });

  it('from an environment variable, is refused when the target is resolved', () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.cwd, 'pitstop.yaml'), ['targets:', '  orquix:', '    engine: postgres', '    url: ${env:DATABASE_URL}', ''].join('\n'));
    const config = loadConfig({ cwd: sb.cwd, home: sb.home, env: { DATABASE_URL: 'host=db.internal port=5433 dbname=orquix' } });
    let error: unknown;
    try {
      config.getTarget('orquix');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^targets\.orquix\.url: the value of \$\{env:DATABASE_URL\} is a keyword\/value connection string/);
    expect((error as ConfigError).message).toContain('postgresql://db.internal:5433/orquix');
    expect(formatLocation((error as ConfigError).location!)).toBe('pitstop.yaml:4:10');
  });

  it('pitstop lint refuses it (exit 2)', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.cwd, 'pitstop.yaml'), text);
    const r = await pitstop(sb, ['lint', 'pitstop.yaml']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/pitstop\.yaml:4:10: targets\.orquix\.url: .*use a postgresql:\/\/ URL: postgresql:\/\/db\.internal:5433\/orquix/);
  });
});
