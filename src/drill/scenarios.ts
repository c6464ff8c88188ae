import { UsageError } from '../errors.js';

/** A runbook pitstop can drill: the world it needs, the faults it recovers from, its backups. */
export interface DrillScenario {
  runbookId: string;
  engine: 'libsql' | 'postgres';
  /** The fault used when `--fault` is not given. */
  naturalFault: string;
  faults: readonly string[];
  /** The shipped runbook that backs the world up before the fault. */
  backupRunbook: string;
}

/** The drillable runbooks, each with the faults its path recovers from. */
export const SCENARIOS: readonly DrillScenario[] = [
  { runbookId: 'libsql-accidental-deletion', engine: 'libsql', naturalFault: 'delete', faults: ['delete', 'truncate'], backupRunbook: 'libsql-backup' },
  { runbookId: 'libsql-corruption', engine: 'libsql', naturalFault: 'page', faults: ['page'], backupRunbook: 'libsql-backup' },
  // A local file has no server to stop or hang: `stopped` and `hung` are PostgreSQL's (and a remote libSQL server's, not drilled).
  { runbookId: 'libsql-not-responding', engine: 'libsql', naturalFault: 'lost-file', faults: ['lost-file'], backupRunbook: 'libsql-backup' },
  { runbookId: 'pg-accidental-deletion', engine: 'postgres', naturalFault: 'delete', faults: ['delete', 'truncate'], backupRunbook: 'pg-backup-base' },
  { runbookId: 'pg-corruption', engine: 'postgres', naturalFault: 'heap-page', faults: ['heap-page', 'index-page'], backupRunbook: 'pg-backup-base' },
  { runbookId: 'pg-server-loss', engine: 'postgres', naturalFault: 'lost-data-dir', faults: ['lost-data-dir', 'stopped', 'hung'], backupRunbook: 'pg-backup-base' },
];

/** The scenario of `runbookRef` with the fault to use; a usage error (exit 2) names what is possible. */
export function chooseScenario(runbookRef: string | undefined, fault: string | undefined): { scenario: DrillScenario; fault: string } {
  const names = SCENARIOS.map((s) => s.runbookId).join(', ');
  if (!runbookRef) throw new UsageError('which runbook? `pitstop drill RUNBOOK`', { hint: `Drillable runbooks: ${names}.` });
  const scenario = SCENARIOS.find((s) => s.runbookId === runbookRef);
  if (!scenario) throw new UsageError(`runbook ${runbookRef} cannot be drilled`, { hint: `Drillable runbooks: ${names}.` });
  const chosen = fault ?? scenario.naturalFault;
  if (!scenario.faults.includes(chosen)) {
    throw new UsageError(`runbook ${runbookRef} does not recover from the fault ${chosen}`, { hint: `Its faults: ${scenario.faults.join(', ')} (the default is ${scenario.naturalFault}).` });
  }
  return { scenario, fault: chosen };
}
