import type { RunEvent } from '../engine/types.js';
import type { RecoveryRun } from './types.js';

/**
 * How a recovery run ended, from its journal: status and end time, whether its validation
 * passed (every step whose id starts with `validate` — or is `verify`, the final check of a
 * runbook without a validation step — ended succeeded at its last attempt, and at least one
 * ran), and the time each step took over all its attempts.
 */
export function recoveryOf(runId: string, events: readonly RunEvent[]): RecoveryRun {
  const finished = events.findLast((e) => e.type === 'run/finished');
  const steps: Record<string, number> = {};
  const lastStatus = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'step/finished') continue;
    steps[event.stepId] = (steps[event.stepId] ?? 0) + event.durationMs;
    lastStatus.set(event.stepId, event.status);
  }
  const validations = [...lastStatus].filter(([stepId]) => stepId.startsWith('validate') || stepId === 'verify');
  return {
    runId,
    status: finished?.type === 'run/finished' ? finished.status : 'unfinished',
    ...(finished ? { finishedAt: finished.at } : {}),
    validated: validations.length > 0 && validations.every(([, status]) => status === 'succeeded'),
    steps,
  };
}
