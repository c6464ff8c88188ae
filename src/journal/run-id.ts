import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A run id such as `20261122-074512-pg-accidental-deletion-k3f9`: the UTC start time first
 * (ids sort by time, in `ls` too), the runbook id so a person can tell runs apart, and a
 * random suffix so two runs started in the same second never collide. Safe as a file name.
 */
export function createRunId(runbookId: string, now: Date): string {
  const iso = now.toISOString(); // 2026-11-22T07:45:12.345Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const slug =
    runbookId
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[-_]+|[-_]+$/g, '')
      .slice(0, 60) || 'run';
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${stamp}-${slug}-${suffix}`;
}
