import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/engine/types.js';
import { createFlagOperator, type FlagAnswers } from '../../src/runner/operator.js';

type Ask<T extends Effect['type']> = Extract<Effect, { type: T }>;

const flags = (given: Partial<FlagAnswers> = {}): FlagAnswers => ({ yes: false, confirm: [], set: {}, ...given });
const typedGate = (stepId: string, phrase: string, rejected?: string): Ask<'ask-gate'> => ({
  type: 'ask-gate',
  stepId,
  gate: { type: 'typed', phrase },
  reason: 'gate',
  preview: null,
  ...(rejected ? { rejected } : {}),
});
const confirmGate = (stepId: string): Ask<'ask-gate'> => ({ type: 'ask-gate', stepId, gate: { type: 'confirm' }, reason: 'gate', preview: null });
const interrupted = (stepId: string): Ask<'ask-interrupted'> => ({ type: 'ask-interrupted', stepId, repeatable: false, rerunPhrase: `rerun ${stepId}` });
const input: Ask<'ask-input'> = {
  type: 'ask-input',
  stepId: 'when',
  params: { incident_at: { type: 'string', required: true }, note: { type: 'string', required: false } } as Ask<'ask-input'>['params'],
};

describe('the flag operator (headless answers)', () => {
  it('--yes approves a confirm gate; without it the run stops there', async () => {
    expect(await createFlagOperator(flags({ yes: true }), 'ci').gate(confirmGate('go'))).toEqual({ approved: true, via: 'flag' });
    expect(await createFlagOperator(flags(), 'ci').gate(confirmGate('go'))).toBe('stop');
  });

  it('--yes never passes a typed gate; the matching --confirm does', async () => {
    expect(await createFlagOperator(flags({ yes: true }), 'ci').gate(typedGate('wipe', 'orquix'))).toBe('stop');
    expect(await createFlagOperator(flags({ confirm: ['orqiux'] }), 'ci').gate(typedGate('wipe', 'orquix'))).toBe('stop');
    expect(await createFlagOperator(flags({ confirm: ['orquix'] }), 'ci').gate(typedGate('wipe', 'orquix'))).toEqual({ approved: true, answer: 'orquix', via: 'flag' });
  });

  it('each --confirm approves one execution of a step: a second execution needs the phrase again', async () => {
    const once = createFlagOperator(flags({ confirm: ['orquix'] }), 'ci');
    expect(await once.gate(typedGate('wipe', 'orquix'))).toMatchObject({ approved: true });
    expect(await once.gate(typedGate('wipe', 'orquix'))).toBe('stop');
    const twice = createFlagOperator(flags({ confirm: ['orquix', 'orquix'] }), 'ci');
    expect(await twice.gate(typedGate('wipe', 'orquix'))).toMatchObject({ approved: true });
    expect(await twice.gate(typedGate('wipe', 'orquix'))).toMatchObject({ approved: true });
    expect(await twice.gate(typedGate('wipe', 'orquix'))).toBe('stop');
  });

  it('distinct steps behind the same phrase each take their first execution from one flag', async () => {
    const op = createFlagOperator(flags({ confirm: ['orquix'] }), 'ci');
    expect(await op.gate(typedGate('wipe', 'orquix'))).toMatchObject({ approved: true });
    expect(await op.gate(typedGate('restore', 'orquix'))).toMatchObject({ approved: true });
  });

  it('a rejected answer is never given again: the run stops', async () => {
    expect(await createFlagOperator(flags({ confirm: ['orquix'] }), 'ci').gate(typedGate('wipe', 'orquix', 'the phrase does not match'))).toBe('stop');
  });

  it('an input takes its values from --set and stops when a required one is missing or was refused', async () => {
    expect(await createFlagOperator(flags({ set: { incident_at: '03:10', other: 'x' } }), 'ci').input(input)).toEqual({ incident_at: '03:10' });
    expect(await createFlagOperator(flags({ set: { note: 'x' } }), 'ci').input(input)).toBe('stop');
    expect(await createFlagOperator(flags({ set: { incident_at: 'x' } }), 'ci').input({ ...input, errors: { incident_at: 'not a time' } })).toBe('stop');
  });

  it('a manual step is acknowledged with --yes only', async () => {
    const manual: Ask<'ask-manual'> = { type: 'ask-manual', stepId: 'note', title: 'Tell the team' };
    expect(await createFlagOperator(flags({ yes: true }), 'ci').manual(manual)).toEqual({ note: 'acknowledged with --yes' });
    expect(await createFlagOperator(flags(), 'ci').manual(manual)).toBe('stop');
  });

  it('an interrupted step: --mark-done wins over its rerun phrase; the phrase reruns it once; else stop', async () => {
    const both = createFlagOperator(flags({ markDone: ['copy'], confirm: ['rerun copy'] }), 'ci');
    expect(await both.interrupted(interrupted('copy'))).toMatchObject({ choice: 'mark-done' });
    const rerun = createFlagOperator(flags({ confirm: ['rerun copy'] }), 'ci');
    expect(await rerun.interrupted(interrupted('copy'))).toEqual({ choice: 'rerun' });
    // The rerun's own typed gate takes that phrase, once.
    expect(await rerun.gate(typedGate('copy', 'rerun copy'))).toMatchObject({ approved: true });
    expect(await rerun.gate(typedGate('copy', 'rerun copy'))).toBe('stop');
    expect(await createFlagOperator(flags({ markDone: ['other'], yes: true }), 'ci').interrupted(interrupted('copy'))).toBe('stop');
  });

  it('a failed step is never retried, skipped or aborted from the flags: the run stops failed', async () => {
    const failure: Ask<'ask-failure'> = { type: 'ask-failure', stepId: 'probe', error: 'exit 1', choices: ['retry', 'skip', 'abort'] };
    expect(await createFlagOperator(flags({ yes: true, confirm: ['orquix'] }), 'ci').failure(failure)).toBe('stop');
  });

  it('answers in the name of the user it was made for', () => {
    expect(createFlagOperator(flags(), 'ci-bot').user).toBe('ci-bot');
  });
});
