import type { Artifact } from '../artifacts/types.js';
import type { TargetConfig } from '../config/schema.js';
import { expectedKinds, rpoSecondsOf, runbookFor } from './rpo.js';
import type { Health, KindStatus, Probes, StatusCheck, TargetStatus } from './types.js';
import { assessPgbackrest } from './assess-pgbackrest.js';
import { byAge, bytes, span } from './words.js';

const RANK: Record<Health, number> = { ok: 0, warn: 1, fail: 2 };

/** The worse of two states. */
export function worst(a: Health, b: Health): Health {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A fleet's health: its worst target's (ok for none). */
export function overallHealth(statuses: ReadonlyArray<{ health: Health }>): Health {
  return statuses.reduce<Health>((h, s) => worst(h, s.health), 'ok');
}

type TargetView = Pick<TargetConfig, 'engine' | 'wal_archive' | 'pgbackrest' | 'data' | 'litestream' | 'rpo' | 'turso'> & { name: string };

/**
 * A target's health from its artifacts and what the probes found (pure: the clock is `now`).
 * Each expected backup kind: its newest artifact's age against the kind's RPO (missing: fail),
 * and whether it was verified; the database answering; the WAL archive or the replica; free
 * space where backups live. The target is as bad as its worst check.
 */
export function assessTarget(target: TargetView, artifacts: readonly Artifact[], probes: Probes, now: Date): TargetStatus {
  const checks: StatusCheck[] = [];
  const ageOf = (iso: string) => Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (probes.up.ok) checks.push({ name: 'database', health: 'ok', detail: `answers (${Math.round(probes.up.ms)} ms)` });
  else if (probes.up.notYet) {
    // Nothing to back up yet: its backups are not missing, the database is.
    return { target: target.name, engine: target.engine, health: 'warn', checks: [{ name: 'database', health: 'warn', detail: probes.up.error }], kinds: [], up: false };
  }
  else checks.push({ name: 'database', health: 'fail', detail: `does not answer: ${probes.up.error}` });

  const own = artifacts.filter((a) => a.target === target.name);
  const kinds = [...new Set([...expectedKinds(target), ...own.map((a) => a.kind)])];
  const kindStatus: KindStatus[] = [];
  for (const kind of kinds) {
    const rpo = rpoSecondsOf(kind, target.rpo);
    const newest = own.filter((a) => a.kind === kind).sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : -1))[0];
    if (!newest) {
      checks.push({ name: `backup ${kind}`, health: 'fail', detail: `never backed up: run ${runbookFor(kind)}` });
      kindStatus.push({ kind, rpoSeconds: rpo });
      continue;
    }
    const age = ageOf(newest.finishedAt);
    if (probes.gone?.includes(newest.path)) {
      checks.push({ name: `backup ${kind}`, health: 'fail', detail: `the newest (${span(age)} old, run ${newest.runId}) is missing: ${newest.path}: run ${runbookFor(kind)}` });
      kindStatus.push({ kind, rpoSeconds: rpo });
      continue;
    }
    const size = newest.size !== undefined ? `, ${bytes(newest.size)}` : '';
    const health = byAge(age, rpo);
    const stale = health === 'ok' ? '' : `: run ${runbookFor(kind)}`;
    checks.push({ name: `backup ${kind}`, health, detail: `${span(age)} old (RPO ${span(rpo)})${size}, run ${newest.runId}${stale}` });
    if (newest.verifiedAt) {
      checks.push({ name: `verified ${kind}`, health: 'ok', detail: `verified ${span(ageOf(newest.verifiedAt))} ago by run ${newest.verifiedBy ?? '?'}` });
    } else {
      const older = own.filter((a) => a.kind === kind && a.verifiedAt).sort((a, b) => (a.verifiedAt! < b.verifiedAt! ? 1 : -1))[0];
      const hint = kind.startsWith('dump') ? 'run pg-verify-backup' : `run ${runbookFor(kind)}`;
      checks.push({ name: `verified ${kind}`, health: 'warn', detail: `the newest is not verified${older ? ` (last verified one: ${span(ageOf(older.verifiedAt!))} ago)` : ''}: ${hint}` });
    }
    kindStatus.push({
      kind, rpoSeconds: rpo,
      newest: {
        path: newest.path, finishedAt: newest.finishedAt, ageSeconds: Math.round(age), runId: newest.runId,
        ...(newest.size !== undefined ? { size: newest.size } : {}),
        ...(newest.sha256 ? { sha256: newest.sha256 } : {}),
        ...(newest.durationMs !== undefined ? { durationSeconds: newest.durationMs / 1000 } : {}),
        ...(newest.verifiedAt ? { verifiedAt: newest.verifiedAt, verifiedBy: newest.verifiedBy ?? '' } : {}),
      },
    });
  }

  if (probes.pgbackrest) {
    const stanza = assessPgbackrest(probes.pgbackrest, target.rpo, ageOf);
    checks.push(...stanza.checks);
    kindStatus.push(...stanza.kinds);
  }
  if (probes.archiver) checks.push(archiverCheck(probes.archiver, ageOf, target.rpo?.wal === undefined ? undefined : rpoSecondsOf('wal', target.rpo)));
  if (probes.replica) {
    if ('error' in probes.replica) checks.push({ name: 'replica', health: 'fail', detail: `cannot read the Litestream replica: ${probes.replica.error}` });
    else {
      const age = ageOf(probes.replica.newestAt);
      const rpo = rpoSecondsOf('replica', target.rpo);
      checks.push({ name: 'replica', health: byAge(age, rpo), detail: `newest data ${span(age)} old (RPO ${span(rpo)})` });
    }
  }
  let disk: { diskFreeBytes: number; diskSizeBytes: number } | undefined;
  if (probes.disk) {
    if ('error' in probes.disk) checks.push({ name: 'disk', health: 'warn', detail: `cannot read free space: ${probes.disk.error}` });
    else {
      disk = { diskFreeBytes: probes.disk.freeBytes, diskSizeBytes: probes.disk.totalBytes };
      const pct = probes.disk.totalBytes > 0 ? (100 * probes.disk.freeBytes) / probes.disk.totalBytes : 100;
      const health: Health = pct < 3 ? 'fail' : pct < 10 ? 'warn' : 'ok';
      checks.push({ name: 'disk', health, detail: `${bytes(probes.disk.freeBytes)} free (${pct.toFixed(0)} %) where backups live` });
    }
  }
  const health = checks.reduce<Health>((h, c) => worst(h, c.health), 'ok');
  return { target: target.name, engine: target.engine, health, checks, kinds: kindStatus, up: probes.up.ok, ...disk };
}

/**
 * The WAL archive from pg_stat_archiver. Its age is judged only against a `rpo: { wal: … }` the
 * target sets: a quiet server archives only when a segment fills or archive_timeout fires.
 */
function archiverCheck(archiver: NonNullable<Probes['archiver']>, ageOf: (iso: string) => number, rpo: number | undefined): StatusCheck {
  if ('error' in archiver) return { name: 'wal archive', health: 'warn', detail: `cannot read pg_stat_archiver: ${archiver.error}` };
  const { lastArchivedAt, lastFailedAt } = archiver;
  if (lastFailedAt && (!lastArchivedAt || lastFailedAt > lastArchivedAt)) {
    return { name: 'wal archive', health: 'fail', detail: `archiving fails: last failure ${span(ageOf(lastFailedAt))} ago${lastArchivedAt ? `, last success ${span(ageOf(lastArchivedAt))} ago` : ', nothing archived yet'}` };
  }
  if (!lastArchivedAt) return { name: 'wal archive', health: 'warn', detail: 'nothing archived yet (a new server, or archive_command never succeeded)' };
  const age = ageOf(lastArchivedAt);
  return { name: 'wal archive', health: rpo === undefined ? 'ok' : byAge(age, rpo), detail: `last segment archived ${span(age)} ago${rpo === undefined ? '' : ` (RPO ${span(rpo)})`}, ${archiver.failedCount} failure(s) since the statistics were reset` };
}
