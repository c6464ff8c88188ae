import type { RunEvent } from '../engine/types.js';
import type { Artifact, RunArtifacts, Verification } from './types.js';

type Outputs = Record<string, unknown>;
type Made = { kind: string; verifiedAtOnce: boolean };

/**
 * What each backup action makes. Snapshots, exports and base backups are checked as they are
 * taken (integrity check, pg_verifybackup), so they are verified by the run that made them;
 * a dump is verified by a later `postgres.verify-dump` or test restore.
 */
function madeBy(action: string, out: Outputs): Made | null {
  switch (action) {
    case 'postgres.dump':
      return { kind: typeof out['set'] === 'string' && out['set'] !== '' ? `dump-set:${out['set']}` : 'dump-full', verifiedAtOnce: false };
    case 'postgres.basebackup':
      return { kind: 'basebackup', verifiedAtOnce: out['verified'] === true };
    case 'libsql.snapshot':
      return { kind: 'snapshot', verifiedAtOnce: out['verified'] === true };
    case 'turso.export':
      return { kind: 'export', verifiedAtOnce: out['verified'] === true };
    default:
      return null;
  }
}

/** Actions whose succeeded step adds to the artifact index: backups and verifications. */
const RECORDED = new Set(['postgres.dump', 'postgres.basebackup', 'libsql.snapshot', 'turso.export', 'backup.checksum', 'postgres.verify-dump', 'postgres.compare-counts']);

/** Whether a succeeded step of `action` makes or verifies an artifact (and the index should learn of it at once). */
export function recordsArtifacts(action: string): boolean {
  return RECORDED.has(action);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The artifacts a run's journal records: every succeeded backup step with its path, size,
 * checksum and times, and every verification (a `backup.checksum` verify, a
 * `postgres.verify-dump`, or a `postgres.restore` followed by a succeeded
 * `postgres.compare-counts` — a test restore). Pure; unknown actions are ignored, so old
 * journals backfill the index as they are.
 */
export function artifactsFromEvents(events: readonly RunEvent[]): RunArtifacts {
  const started = events.find((e) => e.type === 'run/started');
  if (!started || started.type !== 'run/started') return { artifacts: [], verifications: [] };
  const target = started.target.name;
  const runId = started.runId;
  const runbookId = started.runbookId;
  const actionOf = new Map<string, { action: string; at: string }>();
  const artifacts: Artifact[] = [];
  const verifications: Verification[] = [];
  let restoredPath: string | undefined;
  for (const event of events) {
    if (event.type === 'step/started' && event.request?.kind === 'action') {
      actionOf.set(event.stepId, { action: event.request.action, at: event.at });
      continue;
    }
    if (event.type !== 'step/finished' || event.status !== 'succeeded') continue;
    const step = actionOf.get(event.stepId);
    const out = (event.outputs ?? {}) as Outputs;
    const path = str(out['path']);
    if (!step) continue;
    const made = madeBy(step.action, out);
    if (made && path) {
      artifacts.push({
        kind: made.kind, target, path, runId, runbookId,
        ...(num(out['size']) !== undefined ? { size: num(out['size'])! } : {}),
        ...(str(out['sha256']) ? { sha256: str(out['sha256'])! } : {}),
        startedAt: step.at, finishedAt: event.at,
        durationMs: num(out['duration_ms']) ?? event.durationMs,
        ...(made.verifiedAtOnce ? { verifiedAt: event.at, verifiedBy: runId } : {}),
      });
      continue;
    }
    const verified = (how: string, p: string | undefined) => p && verifications.push({ target, path: p, at: event.at, runId, how });
    if (step.action === 'backup.checksum' && out['verified'] === true) verified('checksum', path);
    else if (step.action === 'postgres.verify-dump' && out['verified'] === true) verified('verify-dump', path);
    else if (step.action === 'postgres.restore') restoredPath = path;
    else if (step.action === 'postgres.compare-counts') verified('test restore', restoredPath);
  }
  return { artifacts, verifications };
}

/** Artifacts with the newest verification of each applied (same target and path). */
export function withVerifications(artifacts: readonly Artifact[], verifications: readonly Verification[]): Artifact[] {
  const newest = new Map<string, Verification>();
  for (const v of verifications) {
    const key = `${v.target}\u0000${v.path}`;
    const seen = newest.get(key);
    if (!seen || seen.at < v.at) newest.set(key, v);
  }
  return artifacts.map((a) => {
    const v = newest.get(`${a.target}\u0000${a.path}`);
    if (!v || (a.verifiedAt && a.verifiedAt >= v.at) || v.at < a.finishedAt) return a;
    return { ...a, verifiedAt: v.at, verifiedBy: v.runId };
  });
}
