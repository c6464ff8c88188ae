import type { Operator } from '../runner/operator.js';
import type { Writer } from './writer.js';

/**
 * `--auto`: every gate approved (a typed one with its own phrase), every manual step
 * acknowledged, every input answered from `answers` (the fault's facts) or its default. A
 * failed or interrupted step is not decided: the run stops there and the drill scores it.
 */
export function createAutoOperator(answers: Record<string, string>, user: string): Operator {
  return {
    user,
    async gate(ask) {
      if (ask.rejected) return 'stop';
      return ask.gate.type === 'typed' ? { approved: true, answer: ask.gate.phrase, via: 'flag' } : { approved: true, via: 'flag' };
    },
    async input(ask) {
      if (ask.errors) return 'stop';
      return Object.fromEntries(Object.keys(ask.params).flatMap((name) => (answers[name] === undefined ? [] : [[name, answers[name]!]])));
    },
    async manual() {
      return { note: 'acknowledged by the drill (--auto)' };
    },
    async interrupted() {
      return 'stop';
    },
    async failure() {
      return 'stop';
    },
  };
}

/**
 * The application does what the runbook tells the operator: a manual step `freeze-writes…` or
 * `stop-writes…` acknowledged pauses the writer (the application in maintenance mode, its
 * connection closed), `resume-writes…` starts it again, `repoint…` moves it to the server the
 * run restored (`repoint`). Without such steps the application writes throughout the recovery.
 */
export function withApplication(operator: Operator, writer: Writer, repoint: () => Promise<void> = async () => undefined): Operator {
  return {
    ...operator,
    async manual(ask) {
      const answer = await operator.manual(ask);
      if (answer === 'stop') return answer;
      if (ask.stepId.startsWith('freeze-writes') || ask.stepId.startsWith('stop-writes')) await writer.pause();
      if (ask.stepId.startsWith('resume-writes')) await writer.resume();
      if (ask.stepId.startsWith('repoint')) await repoint();
      return answer;
    },
  };
}
