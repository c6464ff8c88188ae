import type { FailureChoice } from '../engine/types.js';
import type { RunView } from '../runner/run-view.js';
import type { Choice } from './ChoicePrompt.js';

/** An answer of the run screen's lists: each is also an action of its keymap (`r`, `m`, …). */
export type RunChoice = FailureChoice | 'log' | 'mark-done' | 'rerun';

const FAILURE_LABELS: Record<FailureChoice, string> = { retry: 'Retry the step', skip: 'Skip it and go on', abort: 'Abort the run' };

/**
 * The answers offered now: for a failed step the engine's choices in its order (skip only where
 * the step may be skipped) and its log; for an interrupted one mark done, run again, abort.
 * Empty when the run asks nothing from a list.
 */
export function runChoices(view: RunView): Choice<RunChoice>[] {
  const { phase } = view;
  if (phase.kind === 'failed') {
    return [...phase.choices.map((value) => ({ value, label: FAILURE_LABELS[value] })), ...(view.log ? [{ value: 'log' as const, label: 'Open its log' }] : [])];
  }
  if (phase.kind !== 'asking' || phase.ask.type !== 'ask-interrupted') return [];
  const ask = phase.ask;
  return [
    { value: 'mark-done', label: 'I checked it: mark it done' },
    {
      value: 'rerun',
      label: ask.reached ? `Continue from ${ask.reached} (asks you to type "${ask.rerunPhrase}")` : `Run it again (asks you to type "${ask.rerunPhrase}")`,
    },
    { value: 'abort', label: 'Abort the run' },
  ];
}
