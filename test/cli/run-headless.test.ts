import { createClient } from '@libsql/client';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../src/postgres/cluster.js';
import { FIXTURES, filesUnder, makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';
import { leakedForms } from '../helpers/secret-search.js';

/**
 * The headless run end to end, as cron or CI would use it: a real libSQL file, a real
 * throwaway PostgreSQL cluster, the built CLI, flags for every answer.
 */
let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ archive: false });
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  await client.query(`CREATE TABLE items (id serial PRIMARY KEY, label text NOT NULL)`);
  await client.query(`INSERT INTO items (label) VALUES ('a'), ('b'), ('c')`);
  await client.end();
});

afterAll(async () => {
  await cluster?.destroy();
});

async function makeProject(env: Record<string, string> = {}): Promise<Sandbox> {
  const sandbox = makeSandbox({ PG_URL: cluster.url('postgres'), ...env });
  cpSync(join(FIXTURES, 'cli/runbooks'), join(sandbox.cwd, 'runbooks'), { recursive: true });
  const dbFile = join(sandbox.cwd, 'tickets.db');
  const db = createClient({ url: `file:${dbFile}` });
  await db.batch([
    'CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT)',
    "INSERT INTO tickets (title) VALUES ('printer on fire'), ('vpn down')",
    'CREATE TABLE audit (note TEXT, seen INTEGER)',
    'CREATE TABLE t (x INTEGER)',
  ]);
  db.close();
  writeFileSync(
    join(sandbox.cwd, 'pitstop.yaml'),
    [
      'targets:',
      '  tickets:',
      '    engine: libsql',
      `    url: file:${dbFile}`,
      '  pg:',
      '    engine: postgres',
      '    url: ${env:PG_URL}',
      '',
    ].join('\n'),
  );
  return sandbox;
}

async function auditRows(sandbox: Sandbox) {
  const db = createClient({ url: `file:${join(sandbox.cwd, 'tickets.db')}` });
  const rows = (await db.execute('SELECT note, seen FROM audit')).rows.map((r) => ({ note: r['note'], seen: Number(r['seen']) }));
  const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((r) => r['name']);
  db.close();
  return { rows, tables };
}

const baseArgs = ['run', 'acceptance-mixed', '--target', 'tickets', '--plain', '--set', 'incident_at=2026-11-22T03:10:00+01:00'];

describe('pitstop run, headless', () => {
  it('runs input, command, libSQL and PostgreSQL SQL and a typed gate; the report tells the whole story', async () => {
    const sandbox = await makeProject();
    const run = await pitstop(sandbox, [...baseArgs, '--set', 'note=disk full', '--confirm', 'tickets']);
    expect(run.stderr).not.toMatch(/pitstop: /);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('["disk full","2026-11-22T03:10:00+01:00"]');

    expect((await auditRows(sandbox)).rows).toEqual([{ note: 'disk full', seen: 2 }]);

    const runId = onlyRunDir(sandbox).split('/').pop()!;
    const report = await pitstop(sandbox, ['report', runId, '--format', 'md']);
    expect(report.exitCode).toBe(0);
    for (const id of ['ask-incident', 'echo-args', 'count-libsql', 'count-pg', 'write-audit']) expect(report.stdout).toContain(id);
    const user = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'gate/answered')!;
    expect(user.approved).toBe(true);
    expect(report.stdout).toContain(user.by);
    expect(report.stdout).toContain(user.at.slice(0, 16));
    expect(report.stdout).toMatch(/\d+(\.\d+)?(ms|s)\b/);
    expect(report.stdout).toContain('disk full');

    const json = await pitstop(sandbox, ['report', runId, '--format', 'json']);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });

  it('--yes alone stops at the typed gate with exit 3 and writes nothing; resume --confirm finishes', async () => {
    const sandbox = await makeProject();
    const stopped = await pitstop(sandbox, [...baseArgs, '--set', 'note=gate test', '--yes']);
    expect(stopped.exitCode).toBe(3);
    expect(stopped.stderr).toContain('write-audit');
    expect((await auditRows(sandbox)).rows).toEqual([]);

    const wrong = await pitstop(sandbox, ['resume', '--plain', '--confirm', 'tickets-prod']);
    expect(wrong.exitCode).toBe(3);
    expect((await auditRows(sandbox)).rows).toEqual([]);

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--confirm', 'tickets']);
    expect(resumed.stderr).not.toMatch(/pitstop: /);
    expect(resumed.exitCode).toBe(0);
    expect((await auditRows(sandbox)).rows).toEqual([{ note: 'gate test', seen: 2 }]);
    // The steps finished before the stop did not run again.
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.filter((e) => e.type === 'step/started' && e.stepId === 'echo-args')).toHaveLength(1);
  });

  it('passes hostile values as one literal argument and as bound SQL values, with no side effect', async () => {
    const sandbox = await makeProject();
    const canary = join(sandbox.cwd, 'pwned');
    const hostile = `'; DROP TABLE t; -- $(touch ${canary}) \`touch ${canary}\`\nsecond line`;
    const run = await pitstop(sandbox, [...baseArgs, '--set', `note=${hostile}`, '--confirm', 'tickets', '--json']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const printed = lines.find((l) => l.type === 'step/line' && l.stepId === 'echo-args');
    expect(JSON.parse(printed.line)).toEqual([hostile, '2026-11-22T03:10:00+01:00']);
    expect(existsSync(canary)).toBe(false);
    const { rows, tables } = await auditRows(sandbox);
    expect(rows).toEqual([{ note: hostile, seen: 2 }]);
    expect(tables).toContain('t');
  });

  it('never shows a secret from an env reference, even when a command prints it, whatever the variable is called or the encoding', async () => {
    const token = 's3cr3t-token-7f2a9c';
    const cred = 'innocuous-Cred-42';
    const sandbox = await makeProject({ TICKETS_TOKEN: token, DB_CRED: cred });
    const encodings = "const t = process.env.T; console.log(Buffer.from('x' + t).toString('base64')); console.log(Buffer.from(t).toString('hex').toUpperCase()); console.log(encodeURIComponent(t.toUpperCase()))";
    writeFileSync(
      join(sandbox.cwd, 'runbooks', 'leaky.yaml'),
      [
        'id: leaky',
        'title: A command that prints the token',
        'scenario: custom',
        'engine: libsql',
        'steps:',
        '  - id: leak',
        '    kind: command',
        '    argv: [node, -e, "console.log(\'token is \' + process.env.T); console.error(process.env.T)"]',
        '    env: { T: "{{ target.auth_token }}" }',
        '  - id: leak-encoded',
        '    kind: command',
        `    argv: [node, -e, ${JSON.stringify(encodings)}]`,
        '    env: { T: "{{ target.auth_token }}" }',
        '  - id: leak-cred',
        '    kind: action',
        '    action: app.health',
        '  - id: fail-with-it',
        '    kind: command',
        '    argv: [node, -e, "console.log(process.argv[1]); process.exit(4)", "{{ target.auth_token }}"]',
        '',
      ].join('\n'),
    );
    const health = `[node, -e, ${JSON.stringify(`const c = process.argv[1]; console.log('cred ' + c); console.log(Buffer.from(c).toString('base64'))`)}, "\${env:DB_CRED}"]`;
    const config = readFileSync(join(sandbox.cwd, 'pitstop.yaml'), 'utf8').replace(
      '    url: file:',
      `    auth_token: \${env:TICKETS_TOKEN}\n    app: { health: ${health} }\n    url: file:`,
    );
    writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), config);

    const seen: string[] = [];
    for (const mode of ['--plain', '--json']) {
      const run = await pitstop(sandbox, ['run', 'leaky', '--target', 'tickets', mode]);
      expect(run.exitCode).toBe(1);
      seen.push(run.stdout, run.stderr);
      expect(run.stdout).toContain('***');
    }
    const runIds = filesUnder(join(sandbox.home, 'runs'));
    expect(runIds.length).toBeGreaterThan(2);
    for (const file of filesUnder(sandbox.home)) seen.push(readFileSync(file, 'utf8'));
    for (const runDir of new Set(runIds.map((f) => f.split('/runs/')[1]!.split('/')[0]!))) {
      seen.push((await pitstop(sandbox, ['report', runDir])).stdout);
    }
    expect(seen.join('\n')).toContain('cred ***');
    for (const secret of [token, cred]) expect(seen.flatMap((text) => leakedForms(text, secret))).toEqual([]);
  });
});
