import type { Effect, FailureChoice } from '../engine/types.js';
import type { GateAnswer, Operator, Stop } from './operator.js';

/** A question the runner is waiting on: the engine's ask effect, as it came. */
export type AskEffect = Extract<Effect, { type: 'ask-gate' | 'ask-input' | 'ask-manual' | 'ask-interrupted' | 'ask-failure' }>;

type InterruptedChoice = { choice: 'mark-done' | 'rerun' | 'abort'; note?: string };
type Answer = GateAnswer | Record<string, string> | { note?: string } | InterruptedChoice | { choice: FailureChoice } | Stop;

/**
 * The operator at the keyboard. Each question the runner asks becomes the pending one (told to
 * `onAsk`) and waits until the screen answers it, or until `stop()` gives up on it (a pause).
 * Answers of the wrong kind, or with nothing pending, are ignored: a key pressed twice
 * must not answer the next question.
 */
export interface TuiOperator {
  readonly operator: Operator;
  pending(): AskEffect | null;
  gate(approved: boolean, answer?: string): boolean;
  input(values: Record<string, string>): boolean;
  manual(note?: string): boolean;
  interrupted(choice: InterruptedChoice['choice'], note?: string): boolean;
  /** Only a choice the pending ask-failure offers is taken (no skip of a destructive step). */
  failure(choice: FailureChoice): boolean;
  /** Leaves the pending question unanswered: the runner pauses the run there. */
  stop(): boolean;
}

export function createTuiOperator(user: string, onAsk: (ask: AskEffect | null) => void): TuiOperator {
  let current: { ask: AskEffect; resolve: (answer: Answer) => void } | null = null;
  let stopped = false;

  function ask<T extends Answer>(effect: AskEffect): Promise<T> {
    if (stopped) return Promise.resolve('stop' as T);
    return new Promise<T>((resolve) => {
      current = { ask: effect, resolve: resolve as (answer: Answer) => void };
      onAsk(effect);
    });
  }

  function settle(type: AskEffect['type'] | null, answer: Answer): boolean {
    if (!current || (type !== null && current.ask.type !== type)) return false;
    const { resolve } = current;
    current = null;
    onAsk(null);
    resolve(answer);
    return true;
  }

  const operator: Operator = {
    user,
    gate: (effect) => ask(effect),
    input: (effect) => ask(effect),
    manual: (effect) => ask(effect),
    interrupted: (effect) => ask(effect),
    failure: (effect) => ask(effect),
  };

  return {
    operator,
    pending: () => current?.ask ?? null,
    gate: (approved, answer) => settle('ask-gate', { approved, via: 'tui', ...(answer === undefined ? {} : { answer }) }),
    input: (values) => settle('ask-input', { ...values }),
    manual: (note) => settle('ask-manual', note?.trim() ? { note: note.trim() } : {}),
    interrupted: (choice, note) => settle('ask-interrupted', { choice, ...(note?.trim() ? { note: note.trim() } : {}) }),
    failure(choice) {
      if (current?.ask.type !== 'ask-failure' || !current.ask.choices.includes(choice)) return false;
      return settle('ask-failure', { choice });
    },
    stop() {
      // Once the run is pausing, a question asked afterwards is not shown either.
      stopped = true;
      return settle(null, 'stop');
    },
  };
}
