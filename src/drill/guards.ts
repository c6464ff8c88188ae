import { sandboxData } from '../config/sandbox-data.js';
import { PitstopError, UsageError } from '../errors.js';
import { pgBinDir } from '../postgres/pg-bin.js';
import { pgWorldData } from './pg-world-data.js';
import type { Runbook } from '../runbook/schema.js';
import { STOP_SIGNALS, type StopSignal } from '../runner/stop-signals.js';

/** Calls `stop` on SIGINT, SIGTERM or SIGHUP until released. */
export function onStopSignal(stop: (signal: StopSignal) => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  };
}

/**
 * Headless without `--auto`, nobody can answer the runbook's questions during the drill: the
 * required parameters the world's target does not give (`targetParams`: the `--from-target`
 * target's for this runbook; else the sandbox's) must come with `--set`, checked before
 * anything is built.
 */
export function requireAnswers(runbook: Runbook, runbookId: string, given: Record<string, string>, targetParams?: Record<string, unknown>): void {
  // The world's target gives what its data knows: the --from-target target's, else the sandbox's on libSQL, the seed system's on PostgreSQL.
  const worldData = runbook.engine === 'postgres' ? pgWorldData() : sandboxData();
  const fromTarget = targetParams ?? worldData.params?.[runbookId] ?? {};
  const missing = Object.entries(runbook.params ?? {})
    .filter(([name, spec]) => spec.required && spec.default === undefined && given[name] === undefined && fromTarget[name] === undefined)
    .map(([name]) => name);
  if (missing.length === 0) return;
  throw new UsageError(`a headless drill without --auto needs ${missing.map((m) => `--set ${m}=…`).join(' ')}`, {
    hint: 'Add --auto to answer from the fault itself (CI), or give the values (incident_at: RFC 3339 with offset) with --set, and --yes --confirm drill for the gates.',
  });
}

/**
 * A PostgreSQL drill builds its own cluster: without the server binaries (initdb, pg_ctl,
 * postgres from `pg_config --bindir`) it cannot start, and says so before anything is built.
 */
export function requireServerBinaries(runbookId: string): void {
  try {
    pgBinDir();
  } catch (error) {
    const why = error instanceof PitstopError ? error : undefined;
    throw new UsageError(`the drill of ${runbookId} needs the PostgreSQL server binaries (initdb, pg_ctl, postgres) to build its throwaway cluster; ${why?.message ?? String(error)}`, {
      hint: `${why?.hint ?? 'Install the PostgreSQL server package.'} Drills of libSQL runbooks need nothing installed.`,
    });
  }
}
