import type { Effect, FailureChoice } from '../engine/types.js';

type Ask<T extends Effect['type']> = Extract<Effect, { type: T }>;

/** `stop` means nobody can answer now: the runner pauses the run (exit 3, resumable). */
export type Stop = 'stop';

export interface GateAnswer {
  approved: boolean;
  answer?: string;
  via: 'flag' | 'tui';
}

/**
 * Whoever answers the questions a run asks: the command-line flags when headless, the
 * person at the keyboard in the TUI. The runner never decides an answer itself.
 */
export interface Operator {
  readonly user: string;
  gate(ask: Ask<'ask-gate'>): Promise<GateAnswer | Stop>;
  input(ask: Ask<'ask-input'>): Promise<Record<string, string> | Stop>;
  manual(ask: Ask<'ask-manual'>): Promise<{ note?: string } | Stop>;
  interrupted(ask: Ask<'ask-interrupted'>): Promise<{ choice: 'mark-done' | 'rerun' | 'abort'; note?: string } | Stop>;
  /** One of `ask.choices`, or `stop`: the run ends failed there (exit 1, resumable). */
  failure(ask: Ask<'ask-failure'>): Promise<{ choice: FailureChoice; note?: string } | Stop>;
}

export interface FlagAnswers {
  yes: boolean;
  confirm: string[];
  /** Interrupted steps to record as done without running them again. */
  markDone?: string[];
  set: Record<string, string>;
}

/**
 * Headless answers (README, "Gates"): `--yes` approves confirm gates and acknowledges manual
 * steps; a typed gate passes only with a matching `--confirm`; an input takes its values
 * from `--set`; an interrupted step is marked done with `--mark-done STEP` (which wins over
 * its rerun phrase: it never runs anything twice). A failed step is never retried, skipped or
 * aborted from the flags: the run stops failed there, and `pitstop resume` tries it again.
 * Anything else stops the run where it is.
 *
 * A `--confirm` answers one execution of each step: the n-th time a step asks its typed gate
 * in this process (a retry, a `goto` revisit, a rerun), the phrase must have been given n
 * times. Distinct steps behind the same phrase each take their first execution from one flag.
 */
export function createFlagOperator(flags: FlagAnswers, user: string): Operator {
  const given = (phrase: string) => flags.confirm.filter((p) => p === phrase).length;
  // Approvals spent per step and phrase, in this process.
  const spent = new Map<string, number>();
  const key = (stepId: string, phrase: string) => JSON.stringify([stepId, phrase]);
  const left = (stepId: string, phrase: string) => given(phrase) - (spent.get(key(stepId, phrase)) ?? 0);
  return {
    user,
    async gate(ask) {
      if (ask.rejected) return 'stop';
      if (ask.gate.type === 'confirm') return flags.yes ? { approved: true, via: 'flag' } : 'stop';
      const phrase = ask.gate.phrase;
      if (left(ask.stepId, phrase) < 1) return 'stop';
      spent.set(key(ask.stepId, phrase), (spent.get(key(ask.stepId, phrase)) ?? 0) + 1);
      return { approved: true, answer: phrase, via: 'flag' };
    },
    async input(ask) {
      if (ask.errors) return 'stop';
      const values: Record<string, string> = {};
      for (const name of Object.keys(ask.params)) {
        const given = flags.set[name];
        if (given !== undefined) values[name] = given;
      }
      const missing = Object.entries(ask.params).filter(
        ([name, spec]) => spec.required && spec.default === undefined && values[name] === undefined,
      );
      return missing.length > 0 ? 'stop' : values;
    },
    async manual() {
      return flags.yes ? { note: 'acknowledged with --yes' } : 'stop';
    },
    async interrupted(ask) {
      if (flags.markDone?.includes(ask.stepId)) return { choice: 'mark-done', note: 'checked by the operator, --mark-done' };
      if (left(ask.stepId, ask.rerunPhrase) > 0) return { choice: 'rerun' };
      return 'stop';
    },
    async failure() {
      return 'stop';
    },
  };
}
