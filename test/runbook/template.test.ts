import { describe, expect, it } from 'vitest';
import { ConfigError, EXIT } from '../../src/errors.js';
import { renderDeep, renderSql, renderValue, TemplateError, templateRefs, type TemplateContext } from '../../src/runbook/template.js';

const ctx: TemplateContext = {
  params: { table: 'tickets', hostile: 'x"; DROP TABLE users; --', qualified: 'audit.events', limit: 50, dry: false, at: '2026-11-22T13:30:00Z' },
  target: { name: 'orquix', engine: 'postgres', backups: '/b/orquix', restore: { port: 55432 }, extensions: ['vector'] },
  steps: { count: { outputs: { n: 12, row: { a: 1 }, nested: { deep: 'yes' } } }, empty: { outputs: {} } },
  run: { id: 'r-123', started_at: '2026-11-22T13:00:00Z' },
};

describe('templateRefs', () => {
  it('finds each reference with offsets, helper and path; whitespace is optional', () => {
    const text = 'a {{params.table}} b {{ ident  steps.count.outputs.n }}';
    expect(templateRefs(text)).toEqual([
      { path: ['params', 'table'], helper: null, start: 2, end: 18, raw: '{{params.table}}' },
      { path: ['steps', 'count', 'outputs', 'n'], helper: 'ident', start: 21, end: 55, raw: '{{ ident  steps.count.outputs.n }}' },
    ]);
  });

  it('accepts step ids with dashes', () => {
    expect(templateRefs('{{ steps.count-libsql.outputs.n }}')[0]?.path).toEqual(['steps', 'count-libsql', 'outputs', 'n']);
  });

  it.each([
    ['x {{ params.table', 2, /not closed/],
    ['{{ {{ params.a }}', 0, /not closed/],
    ['{{ params.a + 1 }}', 0, /is not a reference/],
    ['{{ }}', 0, /is not a reference/],
    ['ok {{ "lit" }}', 3, /is not a reference/],
  ])('refuses malformed %j at offset %i', (text, offset, message) => {
    let caught: unknown;
    try {
      templateRefs(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).offset).toBe(offset);
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).exitCode).toBe(EXIT.usage);
    expect((caught as ConfigError).hint).toMatch(/pitstop lint/);
    expect((caught as Error).message).toMatch(message);
  });

  it('text without templates has no references', () => {
    expect(templateRefs('SELECT 1 WHERE a = $1 AND b = ?')).toEqual([]);
  });
});

describe('renderValue', () => {
  it.each([
    ['{{ params.table }}', 'tickets'],
    ['--file={{ target.backups }}/{{ run.id }}.dump', '--file=/b/orquix/r-123.dump'],
    ['{{ target.name }} ({{ target.engine }})', 'orquix (postgres)'],
    ['{{ params.limit }} rows, dry={{ params.dry }}', '50 rows, dry=false'],
    ['{{ steps.count.outputs.n }}', '12'],
    ['{{ steps.count.outputs.row }}', '{"a":1}'],
    ['{{ steps.count.outputs.nested.deep }}', 'yes'],
    ['{{ target.restore.port }}', '55432'],
    ['{{ target.extensions }}', '["vector"]'],
    ['since {{ run.started_at }}', 'since 2026-11-22T13:00:00Z'],
    ['{{ ident params.qualified }}', '"audit"."events"'],
    ['no templates here', 'no templates here'],
  ])('%s → %s', (text, out) => {
    expect(renderValue(text, ctx)).toBe(out);
  });

  it.each([
    ['{{ params.tabel }}', 'params.tabel is not defined'],
    ['{{ steps.later.outputs.x }}', 'steps.later is not defined'],
    ['{{ steps.count.outputs.missing }}', 'steps.count.outputs.missing is not defined: step count has outputs n, row, nested'],
    ['{{ steps.empty.outputs.x }}', 'step empty has no outputs'],
    ['{{ steps.count.n }}', 'write steps.count.outputs.NAME'],
    ['{{ target.wal_archive }}', 'target.wal_archive is not defined'],
    ['{{ run.finished_at }}', 'only run.id and run.started_at exist'],
    ['{{ env.HOME }}', 'env.HOME is not a reference'],
    ['{{ params }}', 'params needs a name'],
    ['{{ params.constructor }}', 'params.constructor is not defined'],
    ['{{ params.table.length }}', 'params.table.length is not defined'],
  ])('%s is refused: %s', (text, message) => {
    expect(() => renderValue(text, ctx)).toThrow(TemplateError);
    expect(() => renderValue(text, ctx)).toThrow(message);
  });
});

describe('renderSql', () => {
  it('quotes identifiers, so hostile names stay one identifier', () => {
    expect(renderSql('SELECT count(*) FROM {{ ident params.hostile }} WHERE id = $1', ctx)).toBe(
      'SELECT count(*) FROM "x""; DROP TABLE users; --" WHERE id = $1',
    );
    expect(renderSql('SELECT * FROM {{ident params.table}}', ctx)).toBe('SELECT * FROM "tickets"');
  });

  it('refuses a value template and says to bind a parameter', () => {
    expect(() => renderSql("DELETE FROM t WHERE at < '{{ params.at }}'", ctx)).toThrow(TemplateError);
    expect(() => renderSql("DELETE FROM t WHERE at < '{{ params.at }}'", ctx)).toThrow(/only \{\{ ident … \}\} is allowed.*bound parameter/);
  });

  it('refuses an empty identifier', () => {
    expect(() => renderSql('SELECT * FROM {{ ident params.e }}', { ...ctx, params: { e: '' } })).toThrow(/cannot be empty/);
  });
});

describe('renderDeep', () => {
  it('keeps the type of a whole reference and renders the rest as text', () => {
    const out = renderDeep(
      { limit: '{{ params.limit }}', dry: ' {{ params.dry }} ', row: '{{ steps.count.outputs.row }}', label: 'n={{ steps.count.outputs.n }}', tables: ['{{ params.table }}', '{{ ident params.table }}'], keep: 3, none: null },
      ctx,
    );
    expect(out).toEqual({ limit: 50, dry: false, row: { a: 1 }, label: 'n=12', tables: ['tickets', '"tickets"'], keep: 3, none: null });
  });

  it('throws on an undefined reference anywhere inside', () => {
    expect(() => renderDeep({ a: [{ b: '{{ params.nope }}' }] }, ctx)).toThrow('params.nope is not defined');
  });
});
