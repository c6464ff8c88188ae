import { writeFileAtomic } from '../util/cache-file.js';
import type { TargetStatus } from './types.js';

const HELP: Record<string, [string, string]> = {
  pitstop_backup_last_success_timestamp_seconds: ['gauge', 'When the newest good backup of this kind finished (Unix time).'],
  pitstop_backup_age_seconds: ['gauge', 'Age of the newest good backup of this kind.'],
  pitstop_backup_rpo_seconds: ['gauge', 'How old the newest backup of this kind may be.'],
  pitstop_backup_size_bytes: ['gauge', 'Size of the newest backup of this kind.'],
  pitstop_backup_duration_seconds: ['gauge', 'How long the newest backup of this kind took.'],
  pitstop_backup_verified: ['gauge', '1 when the newest backup of this kind was verified.'],
  pitstop_backup_last_verification_timestamp_seconds: ['gauge', 'When the newest backup of this kind was last verified (Unix time).'],
  pitstop_backups_disk_free_bytes: ['gauge', 'Free bytes where the target keeps its backups.'],
  pitstop_backups_disk_size_bytes: ['gauge', 'Size of the file system where the target keeps its backups.'],
  pitstop_target_up: ['gauge', '1 when the database answered.'],
  pitstop_status: ['gauge', 'Overall status of the target: 0 ok, 1 warn, 2 fail.'],
  pitstop_run_last_status: ['gauge', 'How the newest run of this runbook on this target ended: 0 finished, 1 failed, 2 stopped (paused, at a gate, aborted, or still running).'],
  pitstop_drill_last_rto_seconds: ['gauge', 'RTO measured by the newest drill of this runbook.'],
  pitstop_drill_last_rpo_rows_lost: ['gauge', 'Committed rows lost in the newest drill of this runbook.'],
  pitstop_drill_last_passed: ['gauge', '1 when the newest drill of this runbook was validated within its SLA.'],
};

/** The newest run of a runbook on a target, for `pitstop_run_last_status`. */
export interface LastRun {
  runbook: string;
  target: string;
  /** 0 finished, 1 failed, 2 stopped. */
  status: 0 | 1 | 2;
}

/** The newest drill of a runbook, for the `pitstop_drill_last_*` metrics. */
export interface LastDrill {
  runbook: string;
  rtoSeconds: number | null;
  rowsLost: number | null;
  passed: boolean;
}

/** A label value as the text format wants it: backslash, quote and newline escaped. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The Prometheus text exposition of a status (product spec §9): one family at a time, each
 * with its HELP and TYPE, every sample labelled with its target (and kind).
 */
export function metricsText(statuses: readonly TargetStatus[], history: { runs?: readonly LastRun[]; drills?: readonly LastDrill[] } = {}): string {
  const samples = new Map<string, string[]>();
  const add = (name: string, labels: Record<string, string>, value: number) => {
    const text = Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(',');
    (samples.get(name) ?? samples.set(name, []).get(name)!).push(`${name}{${text}} ${Number.isFinite(value) ? value : 0}`);
  };
  for (const s of statuses) {
    add('pitstop_target_up', { target: s.target }, s.up ? 1 : 0);
    add('pitstop_status', { target: s.target }, s.health === 'ok' ? 0 : s.health === 'warn' ? 1 : 2);
    if (s.diskFreeBytes !== undefined) add('pitstop_backups_disk_free_bytes', { target: s.target }, s.diskFreeBytes);
    if (s.diskSizeBytes !== undefined) add('pitstop_backups_disk_size_bytes', { target: s.target }, s.diskSizeBytes);
    for (const k of s.kinds) {
      const l = { target: s.target, kind: k.kind };
      add('pitstop_backup_rpo_seconds', l, k.rpoSeconds);
      add('pitstop_backup_verified', l, k.newest?.verifiedAt ? 1 : 0);
      if (!k.newest) continue;
      add('pitstop_backup_last_success_timestamp_seconds', l, Math.floor(Date.parse(k.newest.finishedAt) / 1000));
      add('pitstop_backup_age_seconds', l, k.newest.ageSeconds);
      if (k.newest.size !== undefined) add('pitstop_backup_size_bytes', l, k.newest.size);
      if (k.newest.durationSeconds !== undefined) add('pitstop_backup_duration_seconds', l, k.newest.durationSeconds);
      if (k.newest.verifiedAt) add('pitstop_backup_last_verification_timestamp_seconds', l, Math.floor(Date.parse(k.newest.verifiedAt) / 1000));
    }
  }
  for (const run of history.runs ?? []) add('pitstop_run_last_status', { target: run.target, runbook: run.runbook }, run.status);
  for (const drill of history.drills ?? []) {
    const l = { runbook: drill.runbook };
    if (drill.rtoSeconds !== null) add('pitstop_drill_last_rto_seconds', l, drill.rtoSeconds);
    if (drill.rowsLost !== null) add('pitstop_drill_last_rpo_rows_lost', l, drill.rowsLost);
    add('pitstop_drill_last_passed', l, drill.passed ? 1 : 0);
  }
  const out: string[] = [];
  for (const [name, [type, help]] of Object.entries(HELP)) {
    const lines = samples.get(name);
    if (!lines) continue;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Writes the metrics for node_exporter's textfile collector, atomically (temporary file in the
 * same directory, renamed): the collector never reads half a file.
 */
export function writeMetricsFile(file: string, text: string): void {
  writeFileAtomic(file, text, 0o644);
}
