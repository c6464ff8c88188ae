import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/engine/types.js';
import { createTuiOperator, type AskEffect } from '../../src/runner/tui-operator.js';

type Ask<T extends Effect['type']> = Extract<Effect, { type: T }>;

const gate: Ask<'ask-gate'> = { type: 'ask-gate', stepId: 'wipe', gate: { type: 'typed', phrase: 'orquix' }, reason: 'gate', preview: null };
const manual: Ask<'ask-manual'> = { type: 'ask-manual', stepId: 'note', title: 'Tell the team' };
const failure = (choices: Ask<'ask-failure'>['choices']): Ask<'ask-failure'> => ({ type: 'ask-failure', stepId: 'probe', error: 'exit 1', choices });

function plumbing() {
  const told: Array<AskEffect | null> = [];
  const tui = createTuiOperator('dana', (ask) => told.push(ask));
  return { tui, told };
}

describe('the TUI operator: questions wait for the screen', () => {
  it('a question is pending (and told to the screen) until it is answered, then cleared', async () => {
    const { tui, told } = plumbing();
    const answer = tui.operator.gate(gate);
    expect(tui.pending()).toBe(gate);
    expect(tui.gate(true, 'orquix')).toBe(true);
    expect(await answer).toEqual({ approved: true, answer: 'orquix', via: 'tui' });
    expect(tui.pending()).toBeNull();
    expect(told).toEqual([gate, null]);
  });

  it('an answer of the wrong kind, or with nothing pending, is ignored: a key pressed twice answers nothing next', async () => {
    const { tui } = plumbing();
    expect(tui.gate(true, 'orquix')).toBe(false);
    const answer = tui.operator.manual(manual);
    expect(tui.gate(true)).toBe(false);
    expect(tui.failure('retry')).toBe(false);
    expect(tui.manual('  told them  ')).toBe(true);
    expect(tui.manual('again')).toBe(false);
    expect(await answer).toEqual({ note: 'told them' });
  });

  it('a failure is answered only with a choice the engine offered', async () => {
    const { tui } = plumbing();
    const answer = tui.operator.failure(failure(['retry', 'abort']));
    expect(tui.failure('skip')).toBe(false);
    expect(tui.pending()?.type).toBe('ask-failure');
    expect(tui.failure('retry')).toBe(true);
    expect(await answer).toEqual({ choice: 'retry' });
  });

  it('stop leaves the pending question unanswered, and every later one too', async () => {
    const { tui } = plumbing();
    const first = tui.operator.failure(failure(['retry', 'skip', 'abort']));
    expect(tui.stop()).toBe(true);
    expect(await first).toBe('stop');
    expect(await tui.operator.gate(gate)).toBe('stop');
    expect(tui.pending()).toBeNull();
    expect(tui.stop()).toBe(false);
  });

  it('interrupted and input answers carry what the screen gave, trimmed', async () => {
    const { tui } = plumbing();
    const interrupted = tui.operator.interrupted({ type: 'ask-interrupted', stepId: 'copy', repeatable: false, rerunPhrase: 'rerun copy' });
    expect(tui.interrupted('mark-done', ' checked the copy ')).toBe(true);
    expect(await interrupted).toEqual({ choice: 'mark-done', note: 'checked the copy' });
    const input = tui.operator.input({ type: 'ask-input', stepId: 'when', params: {} });
    expect(tui.input({ incident_at: '03:10' })).toBe(true);
    expect(await input).toEqual({ incident_at: '03:10' });
  });
});
