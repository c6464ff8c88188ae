import { existsSync } from 'node:fs';
import { localPath } from '../actions/libsql/client.js';
import { loadArtifacts } from '../artifacts/index.js';
import type { Artifact } from '../artifacts/types.js';
import type { NotifyHook, Target } from '../config/schema.js';
import { loadTargets } from '../config/targets.js';
import { assessTarget } from './assess.js';
import { probeTarget } from './probes.js';
import type { Probes, TargetStatus } from './types.js';

export interface FleetOptions {
  /** Targets probed at once (default 8): enough for a fleet, gentle on a laptop. */
  concurrency?: number;
  /** Per probe (default 3 s): one unreachable target costs this, not the whole status. */
  timeoutMs?: number;
  now?: () => Date;
  probe?: (target: Target, timeoutMs: number) => Promise<Probes>;
}

/** A PostgreSQL server or a remote libSQL database: a probe that waits on the network. */
function overNetwork(target: Target): boolean {
  return target.engine === 'postgres' || localPath(target.url) === null;
}

/**
 * The newest artifact of each of a target's kinds whose file is no longer on disk. Only the
 * newest are looked at: older ones are expected to go (retention), and a long history costs
 * no more than one look per kind.
 */
function goneArtifacts(artifacts: readonly Artifact[], target: string): string[] {
  const newest = new Map<string, Artifact>();
  for (const a of artifacts) {
    if (a.target !== target) continue;
    const seen = newest.get(a.kind);
    if (!seen || seen.finishedAt < a.finishedAt) newest.set(a.kind, a);
  }
  return [...newest.values()].filter((a) => !existsSync(a.path)).map((a) => a.path);
}

/**
 * The status of every target, probed concurrently with a bound. A target whose config cannot
 * be resolved (an unset `${env:…}`) is a failed target, not a failed command.
 */
export async function fleetStatus(
  targets: ReadonlyArray<{ name: string; get: () => Target }>,
  artifacts: readonly Artifact[],
  opts: FleetOptions = {},
): Promise<TargetStatus[]> {
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const timeoutMs = opts.timeoutMs ?? 3000;
  const probe = opts.probe ?? probeTarget;
  const now = opts.now ?? (() => new Date());
  const results: TargetStatus[] = new Array(targets.length);
  const resolved: Array<{ i: number; target: Target }> = [];
  targets.forEach((entry, i) => {
    try {
      resolved.push({ i, target: entry.get() });
    } catch (error) {
      results[i] = { target: entry.name, engine: '?', health: 'fail', up: false, kinds: [], checks: [{ name: 'config', health: 'fail', detail: (error as Error).message }] };
    }
  });
  // Targets asked over the network go first: one that never answers then waits out its bound
  // while the local files are read, instead of after them. The output keeps the config's order.
  const queue = [...resolved.filter((r) => overNetwork(r.target)), ...resolved.filter((r) => !overNetwork(r.target))];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < queue.length) {
      const { i, target } = queue[next++]!;
      const probes = await probe(target, timeoutMs);
      results[i] = assessTarget(target, artifacts, { ...probes, gone: goneArtifacts(artifacts, target.name) }, now());
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return results;
}

/**
 * The status of the configured targets (or the one named), from pitstop.yaml (or the sandbox)
 * and the state home's artifacts: what `pitstop status` and the home screen's panel show.
 */
export async function configuredStatus(
  opts: { config?: string; target?: string; home: string },
  fleet: FleetOptions = {},
): Promise<{ statuses: TargetStatus[]; notify: readonly NotifyHook[] }> {
  const config = await loadTargets({ ...(opts.config === undefined ? {} : { file: opts.config }), home: opts.home });
  // An unknown --target is the usage error getTarget raises, before anything is probed.
  if (opts.target !== undefined && !config.names.includes(opts.target)) config.getTarget(opts.target);
  const names = opts.target === undefined ? config.names : [opts.target];
  const statuses = await fleetStatus(names.map((name) => ({ name, get: () => config.getTarget(name) })), loadArtifacts(opts.home), fleet);
  return { statuses, notify: config.notify ?? [] };
}
