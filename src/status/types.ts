import type { PgbackrestInfo } from './pgbackrest.js';

/** ok < warn < fail: a target's overall state is its worst check's. */
export type Health = 'ok' | 'warn' | 'fail';

/** One line of a target's status: a backup kind, the verification, the database, the disk… */
export interface StatusCheck {
  /** `backup dump-full`, `verified dump-full`, `database`, `wal archive`, `replica`, `disk`. */
  name: string;
  health: Health;
  /** One line for a person: `12 h old (RPO 24 h), 4.2 MB, verified 11 h ago by run …`. */
  detail: string;
}

/** What the probes found (I/O), given to the pure assessment. Undefined: not probed / not applicable. */
export interface Probes {
  /** `notYet`: the built-in sandbox before its first run made it (nothing is wrong). */
  up: { ok: true; ms: number } | { ok: false; error: string; notYet?: boolean };
  /** pg_stat_archiver. */
  archiver?: { lastArchivedAt?: string; lastFailedAt?: string; failedCount: number } | { error: string };
  /** pgBackRest: the stanza's backups and archive (`pgbackrest info`), when the target has one. */
  pgbackrest?: PgbackrestInfo | { error: string };
  /** Litestream: the newest data the replica holds. */
  replica?: { newestAt: string } | { error: string };
  /** Paths of this target's recorded artifacts that are no longer there (deleted by hand, rotated). */
  gone?: readonly string[];
  /** Free space where backups live. */
  disk?: { path: string; freeBytes: number; totalBytes: number } | { error: string };
}

/** A backup kind and its newest good artifact, for the JSON output and the metrics. */
export interface KindStatus {
  kind: string;
  rpoSeconds: number;
  newest?: {
    path: string;
    finishedAt: string;
    ageSeconds: number;
    size?: number;
    sha256?: string;
    durationSeconds?: number;
    /** The pitstop run that made it (none for a pgBackRest backup, which pgBackRest made). */
    runId?: string;
    verifiedAt?: string;
    verifiedBy?: string;
  };
}

export interface TargetStatus {
  target: string;
  engine: string;
  health: Health;
  checks: StatusCheck[];
  kinds: KindStatus[];
  up: boolean;
  diskFreeBytes?: number;
  diskSizeBytes?: number;
}
