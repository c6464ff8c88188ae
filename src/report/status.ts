import type { Ending } from '../engine/ending.js';
import type { EventOf } from '../engine/types.js';
import type { ReportStatus } from './types.js';

/** A run's status in the report, in words, and the command to go on with. */
export type RunStatusText = { status: ReportStatus; statusText: string; next: string };

/** The engine's ending; a failed run's text keeps the error that failed it. */
export function fromEnding(ending: Pick<Ending, 'status' | 'summary' | 'command'>, finished: EventOf<'run/finished'> | null): RunStatusText {
  const error = ending.status === 'failed' && finished?.error ? `: ${finished.error}` : '';
  return { status: ending.status, statusText: `${ending.summary}${error}`, next: ending.command };
}

/** What the journal's last events show, when the engine gave no ending (see `BuildReportOptions.ending`). */
export function fromJournal(finished: EventOf<'run/finished'> | null, pause: EventOf<'run/paused'> | null, runId: string): RunStatusText {
  return { ...journalStatus(finished, pause), next: finished && finished.status !== 'failed' ? `pitstop report ${runId}` : `pitstop resume ${runId}` };
}

function journalStatus(finished: EventOf<'run/finished'> | null, pause: EventOf<'run/paused'> | null): { status: ReportStatus; statusText: string } {
  if (finished) {
    if (finished.status === 'succeeded') return { status: 'finished', statusText: 'finished' };
    const at = finished.stepId ? ` at step ${finished.stepId}` : '';
    return { status: finished.status, statusText: `${finished.status}${at}${finished.error ? `: ${finished.error}` : ''}` };
  }
  if (pause) {
    const at = pause.stepId ? ` at step ${pause.stepId}` : '';
    if (pause.reason === 'gate') return { status: 'stopped-at-gate', statusText: `stopped at the gate${at}; resumable` };
    return { status: 'paused', statusText: `paused (${pauseText(pause.reason)})${at}; resumable` };
  }
  return { status: 'unfinished', statusText: 'not finished: still running, or interrupted by a crash (resumable)' };
}

/** A pause reason in words, for the timeline and the status. */
export function pauseText(reason: EventOf<'run/paused'>['reason']): string {
  switch (reason) {
    case 'sigint':
      return 'Ctrl-C';
    case 'sigterm':
      return 'SIGTERM';
    case 'sighup':
      return 'SIGHUP: the terminal closed';
    case 'operator':
      return 'by the operator';
    case 'gate':
      return 'waiting for a gate answer';
    case 'input':
      return 'waiting for input';
    case 'manual':
      return 'waiting for a manual step';
    case 'interrupted':
      return 'an interrupted step needs a decision';
    case 'state-home':
      return 'the state home could not be written: a full disk?';
  }
}
