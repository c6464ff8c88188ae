import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';
import { leakedForms } from '../helpers/secret-search.js';

/**
 * Secrets in disguise, through the built CLI: a step prints a secret base64-encoded (at each
 * alignment, and wrapped at 76 columns), hex-encoded (also by xxd -p, wrapped at 60),
 * URL-encoded, upper-cased, JSON-escaped, or in two writes with a pause between; none of it
 * may reach stdout, stderr, the journal, the step logs or the report.
 */
const CRED = 'Zq"7/ü x+%k\\9-Wn';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LONG = Array.from({ length: 150 }, (_, i) => ALPHABET[(i * 7 + 3) % ALPHABET.length]).join('');

const node = (code: string): string => `[node, -e, ${JSON.stringify(code)}]`;
const sh = (script: string): string => `[sh, -c, ${JSON.stringify(script)}]`;

const STEPS: Array<[string, string]> = [
  ['b64-at-0', sh('printf "%s" "$S" | base64')],
  ['b64-at-1', sh('printf "x%s" "$S" | base64')],
  ['b64-at-2', sh('printf "xy%s!" "$S" | base64')],
  ['b64-wrapped', sh('printf "%s" "$L" | base64')],
  ['b64-wrapped-at-1', sh('printf "q%s" "$L" | base64')],
  ['b64-wrapped-at-2', sh('printf "qr%s" "$L" | base64')],
  ['b64url', node("console.log('b64url ' + Buffer.from('..' + process.env.S).toString('base64url'))")],
  ['hex', node("console.log('hex ' + Buffer.from(process.env.S).toString('hex'))")],
  ['hex-upper', node("console.log('HEX ' + Buffer.from(process.env.S).toString('hex').toUpperCase())")],
  ['xxd', sh('printf "twenty-five bytes before:%s" "$S" | xxd -p')],
  ['xxd-long', sh('printf "%s" "$L" | xxd -p')],
  ['url-encoded', node("console.log('url ' + encodeURIComponent(process.env.S))")],
  ['upper-cased', node("console.log('upper ' + process.env.S.toUpperCase())")],
  ['json-escaped', node('console.log(JSON.stringify({ cred: process.env.S }))')],
  ['json-ascii', node("console.log(JSON.stringify(process.env.S).replace(/[\\u007f-\\uffff]/g, (c) => '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')))")],
  ['two-writes', sh('printf "split %s" "${S%?????}"; sleep 0.2; printf "%s\\n" "${S#"${S%?????}"}"')],
];

function disguiseRunbook(): string {
  return [
    'id: disguise',
    'title: A secret in disguise',
    'scenario: custom',
    'engine: libsql',
    'params:',
    '  cred: { type: secret, required: true }',
    '  long: { type: secret, required: true }',
    'steps:',
    ...STEPS.flatMap(([id, argv]) => [`  - id: ${id}`, '    kind: command', `    argv: ${argv}`, '    env: { S: "{{ params.cred }}", L: "{{ params.long }}" }']),
    '',
  ].join('\n');
}

function project(runbook: string, env: Record<string, string> = {}): Sandbox {
  const sandbox = makeSandbox(env);
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(join(sandbox.cwd, 'runbooks', 'disguise.yaml'), runbook);
  return sandbox;
}

/** Everything a person or a later reader could see of the runs in this sandbox. */
async function everythingShown(sandbox: Sandbox, printed: string[]): Promise<Array<[string, string]>> {
  const seen: Array<[string, string]> = printed.map((text, i) => [`printed #${i}`, text]);
  for (const file of filesUnder(sandbox.home)) seen.push([file, readFileSync(file, 'utf8')]);
  for (const runId of filesUnder(join(sandbox.home, 'runs')).flatMap((f) => (f.endsWith('journal.jsonl') ? [f.split('/').at(-2)!] : []))) {
    for (const format of ['md', 'json']) seen.push([`report ${runId} ${format}`, (await pitstop(sandbox, ['report', runId, '--format', format])).stdout]);
  }
  return seen;
}

function expectNoLeak(seen: Array<[string, string]>, secrets: string[]): void {
  const leaks = seen.flatMap(([where, text]) => secrets.flatMap((secret) => leakedForms(text, secret).map((form) => `${form} of ${JSON.stringify(secret).slice(0, 12)}… in ${where}`)));
  expect(leaks).toEqual([]);
}

describe('secrets in disguise', () => {
  it('masks every encoded form a step prints, in stdout, stderr, journal, step logs and the report', async () => {
    const sandbox = project(disguiseRunbook());
    const printed: string[] = [];
    for (const mode of ['--plain', '--json']) {
      const run = await pitstop(sandbox, ['run', 'disguise', mode, '--set', `cred=${CRED}`, '--set', `long=${LONG}`]);
      expect(run.stderr).not.toMatch(/pitstop: /);
      expect(run.exitCode).toBe(0);
      printed.push(run.stdout, run.stderr);
    }
    const log = (step: string) => readFileSync(filesUnder(join(sandbox.home, 'runs')).find((f) => f.includes(`${step}`) && !f.endsWith('.jsonl'))!, 'utf8');
    // The steps did print, and what they printed is masked, not dropped.
    expect(log('hex-upper')).toBe('HEX ***\n');
    expect(log('two-writes')).toBe('split ***\n');
    expect(log('url-encoded')).toBe('url ***\n');
    expect(log('b64-wrapped').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(3);
    expect(leakedForms(Buffer.from(LONG).toString('base64').match(/.{1,76}/g)!.join('\n'), LONG)).toEqual(['base64']);
    expectNoLeak(await everythingShown(sandbox, printed), [CRED, LONG]);
  });

  it('refuses a secret shorter than 6 characters at run start and in lint, with the same message', async () => {
    const rule = 'a secret must be at least 6 characters long: a shorter one cannot be masked in output without mangling it';
    const sandbox = project(disguiseRunbook().replace('cred: { type: secret, required: true }', 'cred: { type: secret, default: "abc12" }'));
    const lint = await pitstop(sandbox, ['lint', 'runbooks/disguise.yaml']);
    expect(lint.exitCode).toBe(2);
    expect(lint.stdout + lint.stderr).toContain(`runbooks/disguise.yaml:6:34: default of cred is not a valid secret: ${rule}`);
    const run = await pitstop(sandbox, ['run', 'disguise', '--plain', '--set', `long=${LONG}`]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`disguise.yaml:6:34: default of cred is not a valid secret: ${rule}`);
    const asked = project(disguiseRunbook());
    const given = await pitstop(asked, ['run', 'disguise', '--plain', '--set', 'cred=abc12', '--set', `long=${LONG}`]);
    expect(given.exitCode).toBe(2);
    expect(given.stderr).toContain(`cred: ${rule}`);
    for (const out of [lint, run, given]) expect(out.stdout + out.stderr).not.toContain('abc12');
    for (const home of [sandbox.home, asked.home]) expect(filesUnder(dirname(home)).filter((f) => f.includes('/runs/'))).toEqual([]);
  });

  it('an ${env:…} value is a secret whatever its name; a URL from the environment shows its user and host only', async () => {
    const cred = 'cred-Value/42"x';
    const env = { DB_CRED: cred, DB_PASS: 'pw-9f2x-Q', SSL_PW: 'ssl-key-pass-7' };
    const show = node('console.log(process.argv[1])');
    const sandbox = project(
      [
        'id: disguise',
        'title: App command and URL from the environment',
        'scenario: custom',
        'engine: postgres',
        'steps:',
        '  - id: health',
        '    kind: action',
        '    action: app.health',
        '  - id: show-url',
        '    kind: command',
        `    argv: ${show.slice(0, -1)}, "{{ target.url }}"]`,
        '',
      ].join('\n'),
      env,
    );
    writeFileSync(
      join(sandbox.cwd, 'pitstop.yaml'),
      [
        'targets:',
        '  orquix:',
        '    engine: postgres',
        '    url: postgresql://app:${env:DB_PASS}@db.invalid:5432/orquix?sslpassword=${env:SSL_PW}&application_name=pitstop',
        '    app:',
        `      health: ${node("console.log('cred ' + process.argv[1]); console.log(encodeURIComponent(process.argv[1]).toUpperCase()); console.log(Buffer.from(process.argv[1]).toString('base64'))")}`,
        '',
      ]
        .join('\n')
        .replace(/\]$/m, ', "${env:DB_CRED}"]'),
    );
    const printed: string[] = [];
    for (const mode of ['--plain', '--json']) {
      const run = await pitstop(sandbox, ['run', 'disguise', mode]);
      expect(run.stderr).not.toMatch(/pitstop: /);
      expect(run.exitCode).toBe(0);
      printed.push(run.stdout, run.stderr);
    }
    expect(printed[0]).toContain('postgresql://app:***@db.invalid:5432/orquix?sslpassword=***&application_name=pitstop');
    expect(printed[0]).toContain('cred ***');
    const dry = await pitstop(sandbox, ['run', 'disguise', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    printed.push(dry.stdout, dry.stderr);
    expectNoLeak(await everythingShown(sandbox, printed), Object.values(env));

    const short = await pitstop(sandbox, ['run', 'disguise', '--plain'], { env: { DB_CRED: 'abc12' } });
    expect(short.exitCode).toBe(2);
    expect(short.stderr).toContain('pitstop.yaml:6:');
    expect(short.stderr).toContain('DB_CRED (referenced by targets.orquix.app.health[3]): a secret must be at least 6 characters long');
    expect(short.stderr).not.toContain('abc12');
  });

  it('a gate phrase made of a secret is masked where the stop is explained', async () => {
    const sandbox = project(
      [
        'id: disguise',
        'title: A gate whose phrase is a secret',
        'scenario: custom',
        'engine: libsql',
        'params:',
        '  cred: { type: secret, required: true }',
        'steps:',
        '  - id: wipe',
        '    kind: command',
        '    destructive: true',
        '    gate: { type: typed, phrase: "{{ params.cred }}", prompt: "Type the password {{ params.cred }}" }',
        `    argv: ${node("console.log('wiped')")}`,
        '',
      ].join('\n'),
    );
    const printed: string[] = [];
    for (const mode of ['--plain', '--json']) {
      const run = await pitstop(sandbox, ['run', 'disguise', mode, '--set', `cred=${CRED}`]);
      expect(run.exitCode).toBe(3);
      printed.push(run.stdout, run.stderr);
    }
    expect(printed[1]).toContain('stopped at step wipe');
    // A resume checks the secret given again by the same rule as a new run.
    const weak = await pitstop(sandbox, ['resume', '--plain', '--set', 'cred=abc12', '--confirm', 'abc12']);
    expect(weak.exitCode).toBe(2);
    expect(weak.stderr).toContain('cred: a secret must be at least 6 characters long');
    const resumed = await pitstop(sandbox, ['resume', '--plain', '--set', `cred=${CRED}`, '--confirm', CRED]);
    expect(resumed.exitCode).toBe(0);
    printed.push(resumed.stdout, resumed.stderr);
    expectNoLeak(await everythingShown(sandbox, printed), [CRED]);
  });
});
