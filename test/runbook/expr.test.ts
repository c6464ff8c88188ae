import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { evaluateExpr, exprRefs, ExprSyntaxError, parseExpr } from '../../src/runbook/expr.js';

const values: Record<string, unknown> = {
  'steps.count-before.outputs.n': '1040',
  'steps.copy-back.outputs.copied': 1,
  'params.extra': 2,
  'params.label': 'many',
};
const resolve = (path: string[]): unknown => {
  const key = path.join('.');
  if (!(key in values)) throw new Error(`${key} is not defined`);
  return values[key];
};

describe('evaluateExpr', () => {
  it.each<[string, number]>([
    ['41', 41],
    ['1.5 + 1', 2.5],
    ['steps.count-before.outputs.n + steps.copy-back.outputs.copied', 1041],
    ['steps.count-before.outputs.n - steps.copy-back.outputs.copied', 1039],
    ['steps.count-before.outputs.n - (params.extra - 1)', 1039],
    ['-params.extra + 5', 3],
    ['10 - 2 - 3', 5],
    ['(((7)))', 7],
  ])('%s = %d', (text, expected) => {
    expect(evaluateExpr(parseExpr(text), resolve)).toBe(expected);
  });

  it('a value that is not a number is an error naming the reference and the value', () => {
    expect(() => evaluateExpr(parseExpr('params.label + 1'), resolve)).toThrow('params.label is "many", not a number');
  });

  it('lists its references with their offsets', () => {
    expect(exprRefs(parseExpr('steps.count-before.outputs.n + (params.extra - 1)'))).toEqual([
      { path: ['steps', 'count-before', 'outputs', 'n'], offset: 0 },
      { path: ['params', 'extra'], offset: 32 },
    ]);
  });
});

describe('parseExpr', () => {
  it.each<[string, number, RegExp]>([
    ['', 0, /empty/],
    ['1 +', 3, /expected a number, a reference or "\(", found the end/],
    ['(1 + 2', 6, /expected "\)"/],
    ['1 2', 2, /expected "\+", "-" or the end/],
    ['2 * 3', 2, /only \+ and - .*: unexpected "\*"/],
    ['steps.a.outputs.n-1', 0, /a minus needs a space on each side/],
    ['params.a-params.b', 0, /a minus needs a space on each side/],
  ])('%j fails at offset %i', (text, offset, message) => {
    let caught: unknown;
    try {
      parseExpr(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExprSyntaxError);
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ExprSyntaxError).offset).toBe(offset);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('evaluateExpr on a long value', () => {
  it('names the value cut short', () => {
    const long = 'x'.repeat(500);
    expect(() => evaluateExpr(parseExpr('params.page'), () => long)).toThrow(/^params\.page is "x{59}…, not a number$/);
  });
});
