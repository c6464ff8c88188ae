import type { TargetRpo } from '../config/schema.js';
import type { PgbackrestBackup, PgbackrestInfo } from './pgbackrest.js';
import { rpoSecondsOf } from './rpo.js';
import { byAge, bytes, span } from './words.js';
import type { KindStatus, StatusCheck } from './types.js';

/**
 * A pgBackRest stanza's part of a target's status (pure): its newest backup of any type
 * (`pgbackrest`) and its newest full (`pgbackrest-full`), each against its RPO, and the newest
 * WAL segment its archive holds. pgBackRest checksums every file as it copies it and a backup
 * only completes once the WAL that makes it consistent is in the repository: a completed backup
 * counts as verified when it finished.
 */
export function assessPgbackrest(info: PgbackrestInfo | { error: string }, rpo: TargetRpo | undefined, ageOf: (iso: string) => number): { checks: StatusCheck[]; kinds: KindStatus[] } {
  if ('error' in info) return { checks: [{ name: 'pgbackrest', health: 'fail', detail: `cannot read the stanza: ${info.error}` }], kinds: [] };
  const checks: StatusCheck[] = [];
  const kinds: KindStatus[] = [];
  if (info.code !== 0 && info.code !== 2) checks.push({ name: 'pgbackrest', health: 'fail', detail: `stanza ${info.stanza}: ${info.message} (pgBackRest status ${info.code})` });
  const newest = (type?: string) => info.backups.filter((b) => type === undefined || b.type === type).at(-1);
  for (const [kind, backup] of [['pgbackrest', newest()], ['pgbackrest-full', newest('full')]] as const) {
    const budget = rpoSecondsOf(kind, rpo);
    kinds.push({ kind, rpoSeconds: budget, ...(backup ? { newest: newestOf(info.stanza, backup, ageOf) } : {}) });
    if (!backup) {
      checks.push({ name: `backup ${kind}`, health: 'fail', detail: `no ${kind === 'pgbackrest' ? '' : 'full '}backup in stanza ${info.stanza}: run pgbackrest --stanza=${info.stanza} backup${kind === 'pgbackrest' ? '' : ' --type=full'}` });
      continue;
    }
    const age = ageOf(backup.finishedAt);
    const health = byAge(age, budget);
    const size = backup.repoSize !== undefined ? `, ${bytes(backup.repoSize)} in the repository` : '';
    checks.push({ name: `backup ${kind}`, health, detail: `${backup.type} ${backup.label}, ${span(age)} old (RPO ${span(budget)})${size}` });
  }
  checks.push(info.archiveMax
    ? { name: 'pgbackrest archive', health: 'ok', detail: `newest WAL segment in the repository: ${info.archiveMax}` }
    : { name: 'pgbackrest archive', health: 'warn', detail: `the archive of stanza ${info.stanza} holds no WAL: is archive_command pgbackrest archive-push?` });
  return { checks, kinds };
}

function newestOf(stanza: string, b: PgbackrestBackup, ageOf: (iso: string) => number): NonNullable<KindStatus['newest']> {
  return {
    path: `pgbackrest:${stanza}/${b.label}`, finishedAt: b.finishedAt, ageSeconds: Math.round(ageOf(b.finishedAt)),
    ...(b.repoSize !== undefined ? { size: b.repoSize } : {}),
    durationSeconds: (Date.parse(b.finishedAt) - Date.parse(b.startedAt)) / 1000,
    verifiedAt: b.finishedAt, verifiedBy: 'pgbackrest',
  };
}
