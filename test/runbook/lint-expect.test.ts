import { describe, expect, it } from 'vitest';
import { lintRunbookSource } from '../../src/runbook/lint.js';

const HEAD = `id: t
title: T
scenario: custom
engine: libsql
params:
  extra: { type: int, default: 0 }
steps:
  - id: count-before
    kind: sql
    query: SELECT count(*) AS n FROM t
  - id: copy-back
    kind: command
    argv: [echo, "3"]
  - id: note
    kind: manual
`;

/** `line:col message` of each problem, for a last step `validate` with the given expect line. */
function lintExpect(expectLine: string): string[] {
  const source = `${HEAD}  - id: validate\n    kind: sql\n    query: SELECT count(*) AS n FROM t\n    expect: ${expectLine}\n`;
  return lintRunbookSource('rb.yaml', source).map((p) => `${p.line}:${p.col} ${p.message}`);
}

describe('lint: expr operands in expectations', () => {
  it('earlier steps, known outputs and params are clean', () => {
    expect(lintExpect('{ n: { eq: { expr: "steps.count-before.outputs.n + steps.copy-back.outputs.stdout - params.extra" } } }')).toEqual([]);
  });

  it('a step that does not exist, with a hint when a minus without spaces may be the cause', () => {
    expect(lintExpect('{ n: { eq: { expr: "steps.count-before.outputs.n + steps.copy.outputs.n" } } }')).toEqual([
      '19:64 expect n.eq: steps.copy is not defined: no step has the id copy (did you mean copy-back?)',
    ]);
    expect(lintExpect('{ n: { gt: { expr: "steps.count-before-1.outputs.n" } } }')).toEqual([
      '19:33 expect n.gt: steps.count-before-1 is not defined: no step has the id count-before-1 (did you mean count-before?); a minus needs a space on each side: step ids may contain "-"',
    ]);
  });

  it('a later step, or the step itself', () => {
    expect(lintExpect('{ n: { eq: { expr: "steps.validate.outputs.n" } } }')).toEqual([
      "19:33 expect n.eq: steps.validate is this step itself: only earlier steps' outputs exist when it runs",
    ]);
  });

  it('an output a command step does not have, and a step kind that has none', () => {
    expect(lintExpect('{ n: { eq: { expr: "steps.copy-back.outputs.copied" } } }')).toEqual([
      '19:33 expect n.eq: steps.copy-back.outputs.copied is not an output of command step copy-back: it has stdout, exit_code',
    ]);
    expect(lintExpect('{ n: { eq: { expr: "steps.note.outputs.n" } } }')).toEqual([
      '19:33 expect n.eq: steps.note.outputs.n is not an output: note is a manual step, which has no outputs',
    ]);
  });

  it('an unknown param, a root that is not steps or params, a syntax error', () => {
    expect(lintExpect('{ n: { lte: { expr: "params.extr + 1" } } }')).toEqual([
      '19:34 expect n.lte: params.extr is not defined: add it under params: (or to an input step) (did you mean extra?)',
    ]);
    expect(lintExpect('{ n: { eq: { expr: "target.port" } } }')).toEqual([
      '19:33 expect n.eq: target.port cannot be used here: an expression adds and subtracts numbers, steps.ID.outputs.X and params.X',
    ]);
    expect(lintExpect('{ n: { eq: { expr: "steps.count-before.outputs.n-1" } } }')).toEqual([
      '19:33 expect n.eq: steps.count-before.outputs.n-1: a minus needs a space on each side (write steps.count-before.outputs.n - 1): ids and names may contain "-", so without spaces it reads as part of the name',
    ]);
  });

  it('also on a command step\'s stdout', () => {
    const source = `${HEAD}  - id: again\n    kind: check\n    argv: [echo, "3"]\n    expect: { stdout: { eq: { expr: "steps.copy-back.outputs.exit_code + params.nope" } } }\n`;
    expect(lintRunbookSource('rb.yaml', source).map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '19:74 expect stdout.eq: params.nope is not defined: add it under params: (or to an input step)',
    ]);
  });
});
