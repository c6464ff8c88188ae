import { describe, expect, it } from 'vitest';
import { stepsToCheckFirst } from '../../src/engine/preflight.js';
import { makeRunbook, run } from './make-runbook.js';

const params = { source: { type: 'enum', values: ['snapshot', 'turso'], default: 'snapshot' } };
const open = { id: 'open', kind: 'action', action: 'libsql.open-snapshot', when: "params.source == 'snapshot'" };

describe('stepsToCheckFirst: the prechecks a new run makes before step 1', () => {
  it('names a step that will run and needs what no earlier step provides', () => {
    const runbook = makeRunbook({ engine: 'libsql', params, steps: [{ id: 'count', kind: 'check', argv: ['true'] }, open] });
    expect(stepsToCheckFirst(run(runbook, [], { source: 'snapshot' }).state)).toEqual(['open']);
  });

  it('names the first step too (the run is already at its gate), and a step without a when', () => {
    const gated = { id: 'first', kind: 'action', action: 'libsql.open-snapshot', gate: { type: 'confirm' } };
    const runbook = makeRunbook({ engine: 'libsql', params, steps: [gated, { ...open, id: 'plain', when: undefined }] });
    expect(stepsToCheckFirst(run(runbook, [], { source: 'snapshot' }).state)).toEqual(['first', 'plain']);
  });

  it('leaves out a step the params already rule out, and one whose when waits on outputs', () => {
    const onOutputs = { ...open, id: 'later', when: 'steps.count.outputs.n > 0' };
    const runbook = makeRunbook({ engine: 'libsql', params, steps: [{ id: 'count', kind: 'check', argv: ['true'] }, open, onOutputs] });
    expect(stepsToCheckFirst(run(runbook, [], { source: 'turso' }).state)).toEqual([]);
  });

  it('leaves out a step whose need an earlier step of the run provides (a runbook that takes its own snapshot first)', () => {
    const runbook = makeRunbook({ engine: 'libsql', params, steps: [{ id: 'snap', kind: 'action', action: 'libsql.snapshot' }, open] });
    expect(stepsToCheckFirst(run(runbook, [], { source: 'snapshot' }).state)).toEqual([]);
  });

  it('still checks it when the providing step comes after it', () => {
    const runbook = makeRunbook({ engine: 'libsql', params, steps: [open, { id: 'snap', kind: 'action', action: 'libsql.snapshot' }] });
    expect(stepsToCheckFirst(run(runbook, [], { source: 'snapshot' }).state)).toEqual(['open']);
  });
});
