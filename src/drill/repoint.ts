import { runDir } from '../config/home.js';
import type { RunEvent } from '../engine/types.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import type { DrillWorld } from './types.js';
import type { Writer } from './writer.js';

/** The URL of the server a recovery run restored: the `url` output of its latest finished `restore…` step. */
export function restoredUrl(events: readonly RunEvent[]): string | undefined {
  const restored = events.findLast((e) => e.type === 'step/finished' && e.status === 'succeeded' && e.stepId.startsWith('restore') && typeof e.outputs?.['url'] === 'string');
  return restored?.type === 'step/finished' ? String(restored.outputs!['url']) : undefined;
}

/**
 * What the drill does when the operator says the application now uses the restored server
 * (a `repoint…` step acknowledged): the application writes there from now on, and the score
 * reads the data there. Nothing when the run restored no server.
 */
export function followRestore(home: string, recoveryRun: () => string | undefined, writer: Writer, world: DrillWorld): () => Promise<void> {
  return async () => {
    const runId = recoveryRun();
    if (!runId) return;
    const url = restoredUrl(readJournal(journalPath(runDir(home, runId)), { upTo: 'first-damage' }).events);
    if (!url) return;
    await writer.repoint(url);
    world.repoint?.(url);
  };
}
