import { describe, expect, it } from 'vitest';
import { formatProblem, lintRunbookSource } from '../../src/runbook/lint.js';

const HEAD = `id: t
title: T
scenario: custom
engine: postgres
params:
  dry: { type: bool, default: false }
`;
const STEPS = `steps:
  - id: restore
    kind: check
    argv: [pg_isready]
  - id: validate
    kind: check
    argv: [pg_isready]
    when: restored and not params.dry
`;

/** `line:col message` of each error (an unused condition is only a warning: see its own test). */
function lint(source: string): string[] {
  return lintRunbookSource('rb.yaml', source)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.line}:${p.col} ${p.message}`);
}

describe('lint: named conditions', () => {
  it('a condition used by name, and conditions using conditions, are clean', () => {
    const source = `${HEAD}conditions:\n  ready: steps.restore.outputs.exit_code == 0\n  restored: ready and not params.dry\n${STEPS}`;
    expect(lintRunbookSource('rb.yaml', source).map(formatProblem)).toEqual([]);
  });

  it('an unknown name in a when, at the name, with the conditions there are', () => {
    const source = `${HEAD}conditions:\n  restord: params.dry\n${STEPS}`;
    expect(lint(source)).toEqual(['16:11 when: restored is not a condition: conditions are restord (did you mean restord?)']);
  });

  it('a name with no conditions at all says how to define one', () => {
    expect(lint(`${HEAD}${STEPS}`)).toEqual([
      '14:11 when: restored is not a condition: this runbook has no conditions (define it under conditions:, or write a reference like params.X or steps.ID.outputs.X)',
    ]);
  });

  it('an unknown name inside a condition, at its place in the condition', () => {
    const source = `${HEAD}conditions:\n  restored: steps.restore.outputs.ok and not (dryy or params.dry)\n${STEPS}`;
    expect(lint(source)).toEqual(['8:47 condition restored: dryy is not a condition: conditions are restored']);
  });

  it('a cycle, at each name that closes it', () => {
    const source = `${HEAD}conditions:\n  restored: ready\n  ready: params.dry and restored\n${STEPS}`;
    expect(lint(source)).toEqual([
      '8:13 condition restored uses itself: restored → ready → restored',
      '9:25 condition ready uses itself: ready → restored → ready',
    ]);
  });

  it('a condition that names itself', () => {
    const source = `${HEAD}conditions:\n  restored: not restored\n${STEPS}`;
    expect(lint(source)).toEqual(['8:17 condition restored uses itself: restored → restored']);
  });

  it('a syntax error or an undefined reference inside a condition', () => {
    const source = `${HEAD}conditions:\n  restored: params.dry = 1\n  other: params.dri\n${STEPS}`;
    expect(lint(source)).toEqual([
      '8:24 condition restored: use == to compare',
      '9:10 condition other: params.dri is not defined: add it under params: (or to an input step) (did you mean dry?)',
    ]);
  });

  it('a condition used before the step it depends on has run, at the use', () => {
    const source = `${HEAD}conditions:\n  restored: steps.validate.outputs.exit_code == 0\n${STEPS}`;
    expect(lint(source)).toEqual([
      '16:11 when: condition restored: steps.validate is this step itself: only earlier steps\' outputs exist when it runs',
    ]);
  });

  it('a name that is a word of the language or a reference root is refused', () => {
    const source = `${HEAD}conditions:\n  not: params.dry\n  steps: params.dry\nsteps:\n  - id: a\n    kind: manual\n`;
    expect(lint(source)).toEqual([
      '8:3 condition name "not" is a word of the condition language (and, or, not, true, false, null): choose another name',
      '9:3 condition name "steps" starts references (params, target, steps, run): choose another name',
    ]);
  });

  it('reports as FILE:LINE:COL, an error that refuses the runbook', () => {
    const source = `${HEAD}conditions:\n  restored: not restored\n${STEPS}`;
    const [problem] = lintRunbookSource('runbooks/rb.yaml', source);
    expect(problem!.severity).toBe('error');
    expect(formatProblem(problem!)).toBe('runbooks/rb.yaml:8:17: condition restored uses itself: restored → restored');
  });

  it('a condition nothing uses is a warning at its name', () => {
    const source = `${HEAD}conditions:\n  restored: params.dry\n  leftover: params.dry\n${STEPS}`;
    const problems = lintRunbookSource('rb.yaml', source);
    expect(problems.map((p) => [p.line, p.col, p.severity, p.message])).toEqual([[9, 3, 'warning', "condition leftover is not used by any step's when: (nor by another condition)"]]);
  });
});
