import { createClient } from '@libsql/client';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * Destructive is not only a label: a runbook whose commands or queries destroy, without
 * `destructive: true`, is refused by `lint` and never starts with `run` — the same check,
 * at the same place. Each case also proves nothing ran: the file is still there, the table
 * and its rows too, and no run was journaled.
 */
async function project(step: string[], engine = 'libsql'): Promise<{ sb: Sandbox; victim: string; db: string; file: string }> {
  const sb = makeSandbox();
  const victim = join(sb.cwd, 'precious.txt');
  writeFileSync(victim, 'keep me\n');
  const db = join(sb.cwd, 'app.db');
  const client = createClient({ url: `file:${db}` });
  await client.batch(['CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)', "INSERT INTO t (v) VALUES ('a'), ('b')"]);
  client.close();
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), `targets:\n  app:\n    engine: libsql\n    url: file:${db}\n`);
  mkdirSync(join(sb.cwd, 'runbooks'));
  const file = join(sb.cwd, 'runbooks', 'danger.yaml');
  const head = ['id: danger', 'title: Danger', 'scenario: custom', `engine: ${engine}`, 'params:', `  victim: { type: path, default: "${victim}" }`, 'steps:', '  - id: s'];
  writeFileSync(file, [...head, ...step.map((l) => `    ${l}`), ''].join('\n'));
  return { sb, victim, db, file };
}

async function rows(db: string): Promise<number> {
  const client = createClient({ url: `file:${db}` });
  try {
    return Number((await client.execute('SELECT count(*) AS n FROM t')).rows[0]!['n']);
  } finally {
    client.close();
  }
}

const CASES: Array<[string, string[], number, number, RegExp]> = [
  ['rm -rf', ['kind: command', 'argv: [rm, -rf, "{{ params.victim }}"]'], 10, 12, /rm deletes files: mark the step destructive: true/],
  ['DROP TABLE', ['kind: sql', 'read_only: false', 'query: DROP TABLE t'], 11, 12, /DROP TABLE: mark the step destructive: true/],
  ['DELETE without WHERE', ['kind: sql', 'read_only: false', 'query: DELETE FROM t -- WHERE id = 1'], 11, 12, /DELETE without WHERE/],
  ['TRUNCATE with read_only: false', ['kind: sql', 'read_only: false', 'query: TRUNCATE t'], 11, 12, /TRUNCATE: mark the step/],
  ['pg_ctl stop', ['kind: command', 'argv: [sudo, -u, postgres, pg_ctl, stop, -D, "{{ params.victim }}"]'], 10, 32, /pg_ctl stop stops the PostgreSQL server/],
  ['a check running rm', ['kind: check', 'argv: [rm, "{{ params.victim }}"]'], 10, 12, /a check step only looks, and rm deletes files/],
];

describe('destructive commands and queries without destructive: true', () => {
  it.each(CASES)('%s: lint refuses it at its place (exit 2)', async (_name, step, line, col, message) => {
    const { sb, file } = await project(step);
    const r = await pitstop(sb, ['lint', file]);
    expect(r.exitCode).toBe(2);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${file}:${line}:${col}: `));
    expect(lines[0]).toMatch(message);
  });

  it.each(CASES)('%s: run refuses it before anything runs (exit 2)', async (_name, step, line, col, message) => {
    const { sb, victim, db, file } = await project(step);
    const r = await pitstop(sb, ['run', 'danger', '--target', 'app', '--plain', '--yes', '--confirm', 'app']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${file}:${line}:${col}`);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(victim)).toBe(true);
    expect(await rows(db)).toBe(2);
    const runs = join(sb.home, 'runs');
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
  });

  it('the same step marked destructive: true with a typed gate runs once confirmed', async () => {
    const { sb, victim } = await project(['kind: command', 'argv: [rm, -f, "{{ params.victim }}"]', 'destructive: true', 'gate: { type: typed, phrase: app }']);
    const stopped = await pitstop(sb, ['run', 'danger', '--target', 'app', '--plain', '--yes']);
    expect(stopped.exitCode).toBe(3);
    expect(existsSync(victim)).toBe(true);
    const r = await pitstop(sb, ['run', 'danger', '--target', 'app', '--plain', '--yes', '--confirm', 'app']);
    expect(r.exitCode).toBe(0);
    expect(existsSync(victim)).toBe(false);
  });
});
