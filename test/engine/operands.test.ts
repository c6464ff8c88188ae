import { describe, expect, it } from 'vitest';
import { ev, makeRunbook, run } from './make-runbook.js';

const EXPR = 'steps.count-before.outputs.n + steps.copy-back.outputs.copied';

/** The engine computes `expr` operands from earlier outputs when a step is about to run, and puts them on its request. */
describe('expectations that refer to earlier outputs', () => {
  const runbook = makeRunbook({
    params: { skip_copy: { type: 'bool', default: false } },
    steps: [
      { id: 'count-before', kind: 'sql', query: 'SELECT count(*) AS n FROM t' },
      { id: 'copy-back', kind: 'sql', query: 'SELECT 1 AS copied', when: 'not params.skip_copy' },
      { id: 'validate', kind: 'sql', query: 'SELECT count(*) AS n FROM t', expect: { n: { eq: { expr: EXPR }, lte: { expr: 'steps.count-before.outputs.n + 5' } } } },
      { id: 'probe', kind: 'wait', argv: ['x'], expect: { stdout: { gt: { expr: 'steps.count-before.outputs.n - 1' } } } },
    ],
  });
  const counted = [ev.started('count-before'), ev.ok('count-before', 1, { outputs: { n: '1040' } })];

  it('computes each operand on the request of the step that checks it', () => {
    const { effects } = run(runbook, [...counted, ev.started('copy-back'), ev.ok('copy-back', 1, { outputs: { copied: 1 } })], { skip_copy: false });
    expect(effects).toMatchObject([
      {
        type: 'execute',
        stepId: 'validate',
        request: { kind: 'sql', operands: { 'n.eq': { expr: EXPR, value: 1041 }, 'n.lte': { expr: 'steps.count-before.outputs.n + 5', value: 1045 } } },
      },
    ]);
  });

  it('a wait carries them on its probe, where each try is judged', () => {
    const events = [...counted, ev.started('copy-back'), ev.ok('copy-back', 1, { outputs: { copied: 1 } }), ev.started('validate'), ev.ok('validate')];
    const { effects } = run(runbook, events, { skip_copy: false });
    expect(effects).toMatchObject([{ stepId: 'probe', request: { kind: 'wait', probe: { operands: { 'stdout.gt': { value: 1039 } } } } }]);
  });

  it('a step that did not run makes the operand an error saying so', () => {
    const { effects } = run(runbook, counted, { skip_copy: true });
    expect(effects).toMatchObject([
      {
        stepId: 'validate',
        request: { operands: { 'n.eq': { expr: EXPR, error: 'step copy-back did not run (skipped: the skip copy is true)' } } },
      },
    ]);
  });

  it('an output that is missing makes the operand an error naming it', () => {
    const { effects } = run(runbook, [...counted, ev.started('copy-back'), ev.ok('copy-back', 1, { outputs: { moved: 1 } })], { skip_copy: false });
    expect(effects).toMatchObject([
      { stepId: 'validate', request: { operands: { 'n.eq': { error: 'steps.copy-back.outputs.copied is not defined: step copy-back has outputs moved' } } } },
    ]);
  });

  it('a request without expr operands has no operands field', () => {
    const { effects } = run(runbook, []);
    expect(effects[0]).toMatchObject({ stepId: 'count-before' });
    expect((effects[0] as { request: object }).request).not.toHaveProperty('operands');
  });
});
