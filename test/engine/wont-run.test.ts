import { describe, expect, it } from 'vitest';
import { stepsThatWontRun } from '../../src/engine/wont-run.js';
import { ev, makeRunbook, run } from './make-runbook.js';

const runbook = makeRunbook({
  params: { source: { type: 'enum', values: ['snapshot', 'turso'], default: 'snapshot' }, mode: { type: 'string', default: 'quick' } },
  conditions: { remote: "params.source == 'turso'" },
  steps: [
    { id: 'ask', kind: 'input', params: { mode: { type: 'string' } } },
    { id: 'count', kind: 'check', argv: ['true'] },
    { id: 'pitr-turso', kind: 'check', argv: ['true'], when: "params.source == 'turso'" },
    { id: 'by-name', kind: 'check', argv: ['true'], when: 'remote', skip_reason: 'only for a Turso copy' },
    { id: 'open-snapshot', kind: 'check', argv: ['true'], when: "params.source == 'snapshot'" },
    { id: 'full', kind: 'check', argv: ['true'], when: "params.mode == 'full'" },
    { id: 'on-outputs', kind: 'check', argv: ['true'], when: 'steps.count.outputs.n > 0' },
  ],
});

describe('stepsThatWontRun: steps whose skip is already decided', () => {
  it('names the steps whose when reads only params that can no longer change, with the sentence of their skip', () => {
    const { state } = run(runbook, [], { source: 'snapshot', mode: 'quick' });
    expect([...stepsThatWontRun(state)]).toEqual([
      ['pitr-turso', 'the source is snapshot, not turso'],
      ['by-name', 'only for a Turso copy'],
    ]);
  });

  it('decides a param an input step still asks for only once it is answered; never a when on outputs', () => {
    const { state } = run(runbook, [ev.input('ask', { mode: 'quick' })], { source: 'turso', mode: 'quick' });
    expect([...stepsThatWontRun(state)]).toEqual([
      ['open-snapshot', 'the source is turso, not snapshot'],
      ['full', 'the mode is quick, not full'],
    ]);
  });
});
