import { describe, expect, it } from 'vitest';
import { formatProblem, lintRunbookSource } from '../../src/runbook/lint.js';

const HEAD = `id: t
title: T
scenario: custom
engine: any
params:
  dir: { type: path, default: /tmp/x }
  tool: { type: string, default: echo }
steps:
  - id: s
`;
/** Lines 1-9 are the head; the step's own fields start on line 10. */
const lint = (fields: string) => lintRunbookSource('rb.yaml', HEAD + fields).map(formatProblem);

describe('lint: a destroying command needs destructive: true (or false with a reason)', () => {
  it.each([
    ['rm -rf', 'kind: command\n    argv: [rm, -rf, "{{ params.dir }}"]', 11, 12, /^rm deletes files: mark the step destructive: true/],
    ['a full path to rm', 'kind: command\n    argv: [/bin/rm, x]', 11, 12, /^rm deletes files/],
    ['pg_ctl stop', 'kind: command\n    argv: [pg_ctl, -D, "{{ params.dir }}", stop]', 11, 12, /^pg_ctl stop stops the PostgreSQL server/],
    ['pg_ctl promote', 'kind: command\n    argv: [pg_ctl, promote]', 11, 12, /^pg_ctl promote promotes/],
    ['through sudo -u', 'kind: command\n    argv: [sudo, -u, postgres, pg_ctl, stop]', 11, 32, /^pg_ctl stop/],
    ['through env and timeout', 'kind: command\n    argv: [env, A=1, timeout, -s, KILL, 10s, dropdb, app]', 11, 46, /^dropdb drops a database/],
    ['through env, with the SQL of psql -c', 'kind: command\n    argv: [env, PGOPTIONS=-c, psql, -c, "DROP DATABASE app"]', 11, 42, /^DROP DATABASE \(through psql\)/],
    ['through env -S', "kind: command\n    argv: [env, -S, 'dropdb app']", 11, 22, /^dropdb/],
    ['through flock FILE -c', "kind: command\n    argv: [flock, /run/x.lock, -c, 'pg_ctl stop']", 11, 37, /^pg_ctl stop/],
    ['through nice', 'kind: command\n    argv: [nice, -n, "10", pg_resetwal, -f, /d]', 11, 28, /^pg_resetwal/],
    ['inside sh -c, at the word in the script', 'kind: command\n    argv: [sh, -c, "echo start && rm -f /x/y"]', 11, 35, /^rm deletes files/],
    ['inside bash -lc after a pipe and a subshell', "kind: command\n    argv: [bash, -lc, 'ls | (xargs -r rm -f)']", 11, 39, /^rm deletes files/],
    ['turso db destroy', 'kind: command\n    argv: [turso, db, destroy, app, --yes]', 11, 12, /^turso db destroy deletes it for good/],
    ['mv onto a path given as a param', 'kind: command\n    argv: [mv, new.db, "{{ params.dir }}/app.db"]', 11, 12, /^mv onto a path given at run time overwrites/],
    ['TRUNCATE through psql -Atc', 'kind: command\n    argv: [psql, -Atc, "TRUNCATE t"]', 11, 25, /^TRUNCATE \(through psql\)/],
    ['DROP TABLE through psql -c', 'kind: command\n    argv: [psql, -c, "DROP TABLE t"]', 11, 23, /^DROP TABLE \(through psql\)/],
    ['systemctl stop of the database server', 'kind: command\n    argv: [systemctl, stop, postgresql@15-main]', 11, 12, /^systemctl stop stops the PostgreSQL server/],
    ['docker exec', 'kind: command\n    argv: [docker, exec, -u, postgres, db, pg_ctl, stop]', 11, 44, /^pg_ctl stop/],
    ['kubectl exec --', 'kind: command\n    argv: [kubectl, exec, -it, db-0, --, dropdb, app]', 11, 42, /^dropdb/],
    ['find -exec rm', "kind: command\n    argv: [find, /x, -name, '*.tmp', -exec, rm, '{}', ';']", 11, 45, /^rm deletes files/],
  ])('%s', (_name, fields, line, col, message) => {
    const problems = lint(`    ${fields}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^rb\\.yaml:${line}:${col}: `));
    expect(problems[0]!.replace(/^rb\.yaml:\d+:\d+: /, '')).toMatch(message);
  });

  it.each([
    ['echo', 'kind: command\n    argv: [echo, rm, -rf, /]'],
    ['pg_ctl status', 'kind: command\n    argv: [pg_ctl, status]'],
    ['stopping an application is routine (app.stop is not destructive either)', 'kind: command\n    argv: [systemctl, stop, orquix-api]'],
    ['mv -n never overwrites', 'kind: command\n    argv: [mv, -n, new.db, "{{ params.dir }}/app.db"]'],
    ['cp onto a literal path', 'kind: command\n    argv: [cp, a.db, b.db]'],
    ['rm only inside a quoted argument of echo', "kind: command\n    argv: [sh, -c, \"echo 'rm -rf /' # rm x\"]"],
    ['command -v only looks a program up', 'kind: command\n    argv: [command, -v, rm]'],
    ['psql -c reading', 'kind: command\n    argv: [psql, -c, "SELECT 1"]'],
    ['a program under a templated directory', 'kind: command\n    argv: ["{{ params.dir }}/pg_isready"]'],
  ])('not: %s', (_name, fields) => {
    expect(lint(`    ${fields}\n`)).toEqual([]);
  });

  it('destructive: true is enough (with its typed gate)', () => {
    expect(lint('    kind: command\n    argv: [rm, x]\n    destructive: true\n    gate: { type: typed, phrase: wipe }\n')).toEqual([]);
  });

  it('destructive: true without a typed gate is the old error, at destructive', () => {
    expect(lint('    kind: command\n    argv: [rm, x]\n    destructive: true\n')).toEqual([
      'rb.yaml:12:5: destructive step needs a typed gate (gate: { type: typed, phrase: ... })',
    ]);
  });

  it('destructive: false with a reason is accepted; without one it is refused at destructive', () => {
    expect(lint('    kind: command\n    argv: [rm, -f, x.tmp]\n    destructive: false\n    reason: the temp file this run made\n')).toEqual([]);
    expect(lint('    kind: command\n    argv: [rm, -f, x.tmp]\n    destructive: false\n')).toEqual([
      'rb.yaml:12:5: destructive: false needs a reason: this step rm deletes files; say why it is safe here (reason: ...)',
    ]);
  });

  it('a program chosen by a template must say which', () => {
    const problems = lint('    kind: command\n    argv: ["{{ params.tool }}", x]\n');
    expect(problems).toEqual([expect.stringMatching(/^rb\.yaml:11:13: the program is chosen at run time: pitstop cannot tell whether it destroys anything; say which/)]);
    expect(lint('    kind: command\n    argv: ["{{ params.tool }}", x]\n    destructive: false\n    reason: echo or printf only\n')).toEqual([]);
  });

  it('a reason without destructive: is a warning', () => {
    expect(lint('    kind: command\n    argv: [echo]\n    reason: why\n')).toEqual(['rb.yaml:12:5: warning: reason: explains destructive: true or false; add destructive: or remove the reason']);
  });
});

describe('lint: destroying SQL needs destructive: true', () => {
  it.each([
    ['DROP TABLE', 'query: DROP TABLE tickets', 12, 12, 'DROP TABLE'],
    ['DROP INDEX after a comment', "query: \"-- tidy\\nDROP INDEX i\"", 12, 22, 'DROP INDEX'],
    ['ALTER TABLE … DROP COLUMN', 'query: ALTER TABLE t DROP COLUMN c', 12, 26, 'DROP COLUMN'],
    ['TRUNCATE', 'query: TRUNCATE t', 12, 12, 'TRUNCATE'],
    ['DELETE without WHERE', 'query: DELETE FROM {{ ident params.tool }}', 12, 12, 'DELETE without WHERE'],
    ['DELETE whose WHERE is in a comment', 'query: "DELETE FROM t -- WHERE id = 1"', 12, 13, 'DELETE without WHERE'],
    ['DELETE whose WHERE is only in a subquery', 'query: DELETE FROM t USING (SELECT id FROM u WHERE x) s', 12, 12, 'DELETE without WHERE'],
    ['UPDATE without WHERE', 'query: UPDATE t SET a = 1', 12, 12, 'UPDATE without WHERE'],
    ['pg_promote()', 'query: SELECT pg_promote(true, 60)', 12, 19, 'pg_promote\\(\\) promotes a standby \\(no way back\\)'],
    ['the second statement', 'query: SELECT 1; DROP SCHEMA s CASCADE', 12, 22, 'DROP SCHEMA'],
  ])('%s', (_name, query, line, col, what) => {
    const problems = lint(`    kind: sql\n    read_only: false\n    ${query}\n`);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^rb\\.yaml:${line}:${col}: ${what}: mark the step destructive: true`))]);
  });

  it.each([
    ['DELETE with WHERE whose text says drop table', "query: \"DELETE FROM t WHERE note = 'drop table'\""],
    ['UPDATE with WHERE', 'query: UPDATE t SET a = 1 WHERE id = 2'],
    ['an upsert', 'query: INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 1'],
    ['ALTER COLUMN … DROP NOT NULL', 'query: ALTER TABLE t ALTER COLUMN c DROP NOT NULL'],
    ['a PRAGMA with TRUNCATE as its value', 'query: PRAGMA wal_checkpoint(TRUNCATE)'],
    ['a quoted name', 'query: SELECT "drop" FROM `truncate`'],
  ])('not: %s', (_name, query) => {
    expect(lint(`    kind: sql\n    ${query}\n`)).toEqual([]);
  });
});

describe('lint: a check or a wait only looks (no override)', () => {
  it.each([
    ['a check running rm', 'kind: check\n    argv: [rm, -f, x]', 11, 12, /^a check step only looks, and rm deletes files: do this in a command step marked destructive: true/],
    ['a wait running pg_ctl stop through sh -c', 'kind: wait\n    argv: [sh, -c, "pg_ctl stop"]', 11, 21, /^a wait step only looks, and pg_ctl stop/],
    ['a check whose query inserts', 'kind: check\n    query: INSERT INTO t VALUES (1)', 11, 12, /^a check step only looks, and INSERT writes: do this in a sql step with read_only: false$/],
    ['a check whose query deletes inside a CTE', 'kind: check\n    query: WITH d AS (DELETE FROM t WHERE a RETURNING *) SELECT count(*) FROM d', 11, 23, /DELETE writes/],
    ['a check whose PRAGMA sets a value', 'kind: check\n    query: PRAGMA journal_mode = DELETE', 11, 12, /PRAGMA … = \(it sets a value\) writes/],
    ['a check with a program chosen at run time', 'kind: check\n    argv: ["{{ params.tool }}"]', 11, 13, /the program is chosen at run time and pitstop cannot tell what it does: write the program out/],
    ['a check that ends sessions', 'kind: check\n    query: SELECT pg_terminate_backend(pid) FROM pg_stat_activity', 11, 19, /PG_TERMINATE_BACKEND writes/],
    ['a check that makes a table (SELECT … INTO)', 'kind: check\n    query: SELECT * INTO copy FROM t', 11, 21, /INTO writes/],
    ['a check writing through psql -c', 'kind: check\n    argv: [psql, -c, "UPDATE t SET a = 1 WHERE b"]', 11, 23, /UPDATE writes \(through psql\)/],
  ])('%s', (_name, fields, line, col, message) => {
    const problems = lint(`    ${fields}\n    destructive: false\n    reason: trust me\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^rb\\.yaml:${line}:${col}: `));
    expect(problems[0]!.replace(/^rb\.yaml:\d+:\d+: /, '')).toMatch(message);
  });

  it.each([
    ['SELECT', 'kind: check\n    query: SELECT count(*) AS n FROM t WHERE x'],
    ['PRAGMA integrity_check', 'kind: check\n    query: PRAGMA integrity_check'],
    ['pg_isready', 'kind: wait\n    argv: [pg_isready, -h, localhost]'],
    ['turso db shell with SELECT 1', 'kind: check\n    argv: [turso, db, shell, app, SELECT 1]'],
  ])('not: %s', (_name, fields) => {
    expect(lint(`    ${fields}\n`)).toEqual([]);
  });
});
