import { rmSync } from 'node:fs';
import { guardState, withNextStep } from '../config/state-home.js';
import type { EventOf } from '../engine/types.js';
import { openJournal, type Journal } from '../journal/journal.js';
import { acquireRunLock, type RunLock } from '../journal/lock.js';
import { recordRun, type RunRecord } from '../journal/run-index.js';
import type { Redactor } from '../util/redact.js';
import { writeRunbookCopy } from './runbook-copy.js';

/**
 * Makes a new run exist on disk: its directory and lock, `run/started` journaled, its entry
 * in the index. All or nothing: if the state home fails part-way (a full disk, a damaged
 * index), the run directory is removed, since nothing has run yet, and the error says to
 * run the command again rather than to resume a run that never started.
 */
export async function createRunOnDisk(parts: {
  home: string;
  runDir: string;
  redactor: Redactor;
  started: EventOf<'run/started'>;
  record: RunRecord;
  /** The runbook as the run starts with it, kept beside the journal for resume to replay against. */
  runbookCopy: { name: string; source: string };
}): Promise<{ lock: RunLock; journal: Journal }> {
  const { home, runDir } = parts;
  let lock: RunLock | undefined;
  let journal: Journal | undefined;
  try {
    lock = guardState({ what: 'the run lock', dir: runDir }, () => acquireRunLock(runDir));
    guardState({ what: 'the runbook copy', dir: runDir }, () => writeRunbookCopy(runDir, parts.runbookCopy.name, parts.runbookCopy.source));
    journal = openJournal(runDir, parts.redactor);
    journal.append(parts.started);
    await recordRun(home, parts.record);
    return { lock, journal };
  } catch (error) {
    journal?.close();
    lock?.release();
    try {
      rmSync(runDir, { recursive: true, force: true });
    } catch {
      // a read-only home made nothing to remove
    }
    throw withNextStep(error, 'run the same command again (nothing ran)');
  }
}
