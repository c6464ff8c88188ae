import { execFile } from 'node:child_process';
import type { Target } from '../config/schema.js';
import { runAsPostgresArgv } from '../postgres/server-env.js';

/** One backup of a pgBackRest stanza, as `pgbackrest info` tells it. */
export interface PgbackrestBackup {
  label: string;
  /** `full`, `diff` or `incr`. */
  type: string;
  startedAt: string;
  finishedAt: string;
  /** Size of the database it copied. */
  size?: number;
  /** Size in the repository (compressed, and only what changed for diff/incr). */
  repoSize?: number;
}

/** What status needs from `pgbackrest info --output=json`: the stanza's state, backups, newest WAL. */
export interface PgbackrestInfo {
  stanza: string;
  /** pgBackRest's own status: code 0 is ok; 2 is "no valid backups"; others are faults. */
  code: number;
  message: string;
  /** Oldest first. */
  backups: PgbackrestBackup[];
  /** The newest WAL segment in the repository's archive. */
  archiveMax?: string;
}

type RawInfo = {
  name?: string;
  status?: { code?: number; message?: string };
  archive?: Array<{ max?: string | null }>;
  backup?: Array<{ label?: string; type?: string; timestamp?: { start?: number; stop?: number }; info?: { size?: number; repository?: { delta?: number; size?: number } } }>;
};

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * Reads `pgbackrest info --output=json` for one stanza. Throws on text that is not that JSON:
 * the caller reports it as the stanza being unreadable.
 */
export function parsePgbackrestInfo(stdout: string, stanza: string): PgbackrestInfo {
  const parsed = JSON.parse(stdout) as RawInfo[];
  if (!Array.isArray(parsed)) throw new Error('pgbackrest info did not print a JSON list');
  const raw = parsed.find((s) => s.name === stanza) ?? parsed[0];
  if (!raw) throw new Error(`pgbackrest info knows no stanza ${stanza}`);
  const backups: PgbackrestBackup[] = [];
  for (const b of raw.backup ?? []) {
    if (!b.label || !b.type || b.timestamp?.start === undefined || b.timestamp.stop === undefined) continue;
    backups.push({
      label: b.label, type: b.type, startedAt: iso(b.timestamp.start), finishedAt: iso(b.timestamp.stop),
      ...(typeof b.info?.size === 'number' ? { size: b.info.size } : {}),
      ...(typeof b.info?.repository?.delta === 'number' ? { repoSize: b.info.repository.delta } : {}),
    });
  }
  backups.sort((a, b) => (a.finishedAt < b.finishedAt ? -1 : 1));
  const maxes = (raw.archive ?? []).map((a) => a.max).filter((m): m is string => typeof m === 'string' && m !== '');
  return {
    stanza, code: raw.status?.code ?? 99, message: raw.status?.message ?? 'no status', backups,
    // Segment names sort by timeline, then position: the greatest is the newest.
    ...(maxes.length > 0 ? { archiveMax: maxes.sort().at(-1)! } : {}),
  };
}

/**
 * `pgbackrest [--config=…] --stanza=… --output=json info`, as the postgres user (its repository
 * and lock files belong to it), killed after `timeoutMs`.
 */
export function pgbackrestInfo(target: Pick<Target, 'pgbackrest'>, timeoutMs: number): Promise<PgbackrestInfo> {
  const conf = target.pgbackrest!;
  const argv = runAsPostgresArgv(['pgbackrest', ...(conf.config ? [`--config=${conf.config}`] : []), `--stanza=${conf.stanza}`, '--output=json', 'info']);
  return new Promise((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const why = (err as { killed?: boolean }).killed ? `no answer within ${timeoutMs / 1000} s` : (String(stderr).trim() || err.message).split('\n').pop();
        return reject(new Error(`pgbackrest info: ${why}`));
      }
      try {
        resolve(parsePgbackrestInfo(String(stdout), conf.stanza));
      } catch (e) {
        reject(new Error(`pgbackrest info: ${(e as Error).message}`));
      }
    });
  });
}
