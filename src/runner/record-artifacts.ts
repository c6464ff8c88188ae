import { recordsArtifacts } from '../artifacts/from-journal.js';
import { recordRunArtifacts } from '../artifacts/index.js';
import type { RunEvent } from '../engine/types.js';

/**
 * The run's journal, with one more duty: when a backup or verification step succeeds, once
 * its `step/finished` is on disk, the artifact index (`artifacts.json`) learns of it at that
 * moment. The journal stays the record the index can always be rebuilt from.
 */
export function recordingArtifacts<J extends { append(event: RunEvent): void }>(journal: J, where: { home: string; runDir: string; runId: string }): J {
  const recorded = new Set<string>();
  const append = (event: RunEvent): void => {
    journal.append(event);
    if (event.type === 'step/started') {
      if (event.request?.kind === 'action' && recordsArtifacts(event.request.action)) recorded.add(event.stepId);
      else recorded.delete(event.stepId);
    } else if (event.type === 'step/finished' && event.status === 'succeeded' && recorded.has(event.stepId)) {
      recordRunArtifacts(where.home, where.runDir, where.runId);
    }
  };
  return Object.assign(Object.create(journal) as J, { append });
}
