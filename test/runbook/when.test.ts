import { describe, expect, it } from 'vitest';
import { ConfigError, EXIT } from '../../src/errors.js';
import { TemplateError, type TemplateContext } from '../../src/runbook/template.js';
import { conditionsUsed, evaluateWhen, explainWhen, parseWhen, truthy, whenNames, whenRefs, WhenSyntaxError } from '../../src/runbook/when.js';

const ctx: TemplateContext = {
  params: { mode: 'careful', dry: false, limit: 10, ok_text: 'f', empty: '' },
  target: { name: 'orquix', engine: 'postgres' },
  steps: {
    scope: { outputs: { heap_ok: true, count: '42', pg_bool: 't', zero: 0, ratio: 0.5 } },
    'count-libsql': { outputs: { n: 3 } },
  },
  run: { id: 'r1', started_at: '2026-11-22T13:00:00Z' },
};

describe('evaluateWhen', () => {
  it.each<[string, boolean]>([
    ['true', true],
    ['false', false],
    ['params.mode', true],
    ['params.dry', false],
    ['params.empty', false],
    ['params.ok_text', false],
    ['not params.dry', true],
    ['not not params.dry', false],
    ["params.mode == 'careful'", true],
    ['params.mode == "fast"', false],
    ["params.mode != 'fast'", true],
    ['params.limit > 5', true],
    ['params.limit >= 10', true],
    ['params.limit < 10', false],
    ['params.limit <= 10', true],
    ['steps.scope.outputs.count == 42', true],
    ['steps.scope.outputs.count > 41.5', true],
    ['steps.scope.outputs.heap_ok', true],
    ['steps.scope.outputs.heap_ok == true', true],
    ['steps.scope.outputs.pg_bool == true', true],
    ['steps.scope.outputs.zero', false],
    ['steps.scope.outputs.zero == false', true],
    ['steps.scope.outputs.ratio < 1', true],
    ['steps.count-libsql.outputs.n == 3', true],
    ['params.limit == -3', false],
    ["target.name == 'orquix' and target.engine == 'postgres'", true],
    ["params.dry or params.mode == 'careful'", true],
    ['params.dry or params.dry', false],
    ['true or false and false', true],
    ['(true or false) and false', false],
    ['not (params.limit > 5 and params.dry)', true],
    ["run.started_at > '2026-01-01'", true],
    ['null == null', true],
    ["params.mode == null", false],
    ['{{ params.mode == "careful" }}', true],
  ])('%s → %s', (expr, expected) => {
    expect(evaluateWhen(expr, ctx)).toBe(expected);
  });

  it('short-circuits: a guard can protect a reference that is not defined', () => {
    expect(evaluateWhen('params.dry and steps.skipped.outputs.x', ctx)).toBe(false);
    expect(evaluateWhen('params.mode or steps.skipped.outputs.x', ctx)).toBe(true);
  });

  it('throws TemplateError on an undefined reference', () => {
    expect(() => evaluateWhen('params.nope', ctx)).toThrow(TemplateError);
    expect(() => evaluateWhen('steps.scope.outputs.missing == 1', ctx)).toThrow('steps.scope.outputs.missing is not defined');
  });

  it('refuses to order a number against text', () => {
    expect(() => evaluateWhen("params.limit > 'abc'", ctx)).toThrow(/cannot compare/);
  });
});

describe('parseWhen', () => {
  it('builds a tree with offsets and lists the references', () => {
    const ast = parseWhen("steps.scope.outputs.heap_ok and not (params.mode == 'fast')");
    expect(ast.type).toBe('and');
    expect(whenRefs(ast)).toEqual([
      { path: ['steps', 'scope', 'outputs', 'heap_ok'], offset: 0 },
      { path: ['params', 'mode'], offset: 37 },
    ]);
  });

  it('keeps offsets relative to the whole text when wrapped in {{ }}', () => {
    expect(whenRefs(parseWhen('{{ params.a == 1 }}'))).toEqual([{ path: ['params', 'a'], offset: 3 }]);
  });

  it.each<[string, number, RegExp]>([
    ['', 0, /empty/],
    ['params.a ==', 11, /expected a value, found the end/],
    ['params.a = 1', 9, /use ==/],
    ['params.a && params.b', 9, /use "and"/],
    ['params.a || params.b', 9, /use "or"/],
    ['!params.a', 0, /use "not"/],
    ['(params.a', 9, /expected "\)"/],
    ['params.a)', 8, /expected "and", "or" or the end/],
    ["params.a == 'open", 12, /not closed/],
    ['1 < params.a < 3', 13, /cannot be chained/],
    ['params.a params.b', 9, /expected "and", "or"/],
    ['and params.a', 0, /expected a value before "and"/],
    ['params.a == #', 12, /unexpected "#"/],
  ])('%j fails at offset %i', (expr, offset, message) => {
    let caught: unknown;
    try {
      parseWhen(expr);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WhenSyntaxError);
    expect((caught as WhenSyntaxError).offset).toBe(offset);
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).exitCode).toBe(EXIT.usage);
    expect((caught as ConfigError).hint).toMatch(/pitstop lint/);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('truthy', () => {
  it.each<[unknown, boolean]>([
    ['yes', true],
    ['false', false],
    ['  No ', false],
    ['0', false],
    [1, true],
    [0, false],
    [null, false],
    [[], false],
    [['x'], true],
    [{}, true],
  ])('%o → %s', (value, expected) => {
    expect(truthy(value)).toBe(expected);
  });
});

describe('named conditions', () => {
  const conditions = {
    restored: "steps.scope.outputs.pg_bool == true and params.mode == 'careful'",
    counted: 'steps.count-libsql.outputs.n > 2',
    both: 'restored and counted',
    neither: 'not restored and not counted',
  };

  it.each<[string, boolean]>([
    ['restored', true],
    ['not restored', false],
    ['restored and not params.dry', true],
    ['both', true],
    ['neither', false],
    ['neither or params.limit == 10', true],
    ['{{ counted }}', true],
  ])('%s → %s', (expr, expected) => {
    expect(evaluateWhen(expr, ctx, conditions)).toBe(expected);
  });

  it('an unknown name is an error naming the conditions there are', () => {
    expect(() => evaluateWhen('restord', ctx, conditions)).toThrow(/restord is not a condition: conditions are restored, counted, both, neither/);
    expect(() => evaluateWhen('restored', ctx)).toThrow(/restored is not a condition: this runbook has no conditions \(define it under conditions:/);
  });

  it('a cycle is an error, never an endless loop', () => {
    expect(() => evaluateWhen('a', ctx, { a: 'b', b: 'not a' })).toThrow('condition a uses itself: a → b → a');
  });

  it('parses a bare word as a condition name, and a bare root as a reference', () => {
    expect(whenNames(parseWhen('restored and not (counted or params.x)'))).toEqual([
      { name: 'restored', offset: 0 },
      { name: 'counted', offset: 18 },
    ]);
    expect(whenRefs(parseWhen('params'))).toEqual([{ path: ['params'], offset: 0 }]);
  });

  it('lists the conditions an expression uses, transitively, for display', () => {
    expect(conditionsUsed('both or params.dry', conditions)).toEqual([
      { name: 'both', expr: 'restored and counted' },
      { name: 'restored', expr: conditions.restored },
      { name: 'counted', expr: conditions.counted },
    ]);
    expect(explainWhen('counted and params.dry', conditions)).toBe('counted and params.dry (counted = steps.count-libsql.outputs.n > 2)');
    expect(explainWhen('params.dry', conditions)).toBe('params.dry');
  });
});
