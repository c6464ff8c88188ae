import { join } from 'node:path';
import { BugError } from '../errors.js';

/** The journal of a run: one JSON event a line. */
export function journalPath(runDir: string): string {
  return join(runDir, 'journal.jsonl');
}

/** The lock file that ties a run to one process. */
export function lockPath(runDir: string): string {
  return join(runDir, 'lock');
}

/** The full output of one attempt of a step: `steps/<stepId>.<attempt>.log`. */
export function stepLogPath(runDir: string, stepId: string, attempt: number): string {
  // Step ids are checked by the runbook schema; this guards the file system all the same.
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(stepId) || !Number.isInteger(attempt) || attempt < 1) {
    throw new BugError(`not a step log name: ${JSON.stringify(stepId)} attempt ${attempt}`);
  }
  return join(runDir, 'steps', `${stepId}.${attempt}.log`);
}
