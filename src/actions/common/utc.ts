import { ActionError } from '../../errors.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 timestamp with an explicit offset, converted to UTC with a `Z`
 * (`2024-12-14T15:00:00+01:00` → `2024-12-14T14:00:00Z`). Tools read a timestamp without
 * an offset in their own timezone, which can silently restore hours early or late, so one
 * without an offset is refused.
 */
export function toUtcZ(timestamp: string): string {
  const text = timestamp.trim();
  if (!RFC3339.test(text)) {
    throw new ActionError(`"${timestamp}" is not an RFC 3339 timestamp with a UTC offset`, {
      hint: 'Write it like 2024-12-14T14:00:00Z or 2024-12-14T15:00:00+01:00: without an offset it would be read in some other timezone.',
    });
  }
  const date = new Date(text.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) {
    throw new ActionError(`"${timestamp}" is not a real date`, { hint: 'Check the day and month.' });
  }
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** `20261122T051715Z`: a moment in file names, sortable, filesystem-safe, always UTC. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The moment a `utcStamp` names (the caller has matched its shape). */
export function parseUtcStamp(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
