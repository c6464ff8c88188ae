import { z } from 'zod';
import { ActionError } from '../../errors.js';
import type { ConfSettings } from '../../postgres/conf.js';
import type { StopPoint } from './base-backups.js';
import { parseLsn } from './wal-segments.js';

/** An empty string (a template that rendered nothing) counts as "not given". */
const optionalText = z.preprocess((v) => (v === '' || v === null ? undefined : typeof v === 'number' ? String(v) : v), z.string().min(1).optional());

/** The `with:` fields that say where recovery stops; exactly one of them. */
export const TargetArgs = z.object({
  /** RFC 3339 WITH an offset (`2026-11-22T03:10:00+01:00`); refused without one. */
  target_time: optionalText,
  /** A transaction id, e.g. from postgres.find-transaction. */
  target_xid: optionalText,
  /** A WAL location, `16/B374D848`. */
  target_lsn: optionalText,
  /** Replay everything the archive has (server loss). */
  target_latest: z.preprocess((v) => (v === '' ? undefined : v === 'true' ? true : v === 'false' ? false : v), z.boolean().optional()),
  /**
   * Promote at the target (default), or pause there: the copy stays read-only in recovery for
   * inspection, and postgres.promote-restored ends it.
   */
  promote: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(true)),
  /** Stop after the target transaction (true) or just before it (false, the default: "undo it"). */
  inclusive: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
});
export type TargetArgs = z.infer<typeof TargetArgs>;

export type RecoveryTarget =
  | { kind: 'time'; input: string; pg: string; utc: Date; inclusive: boolean }
  | { kind: 'xid'; xid: string; inclusive: boolean }
  | { kind: 'lsn'; lsn: string; inclusive: boolean }
  | { kind: 'latest' };

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?\s*([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * The one recovery target the step asked for. A time without an explicit UTC offset is
 * refused: the restored server would read it in its own `timezone`, and a restore that
 * stops hours early is promoted without any error (pitfalls: timezone trap).
 */
export function recoveryTarget(args: Omit<TargetArgs, 'promote'>): RecoveryTarget {
  const given = [args.target_time && 'target_time', args.target_xid && 'target_xid', args.target_lsn && 'target_lsn', args.target_latest && 'target_latest'].filter(Boolean);
  if (given.length !== 1) {
    throw new ActionError(given.length === 0 ? 'no recovery target given' : `more than one recovery target given (${given.join(', ')})`, {
      hint: 'Give exactly one of target_time (with offset), target_xid, target_lsn, or target_latest: true.',
    });
  }
  if (args.target_time) {
    const { pg, utc } = utcForPostgres(args.target_time);
    return { kind: 'time', input: args.target_time, pg, utc, inclusive: args.inclusive };
  }
  if (args.target_xid) {
    if (!/^\d+$/.test(args.target_xid) || BigInt(args.target_xid) < 3n) {
      throw new ActionError(`"${args.target_xid}" is not a transaction id`, { hint: 'An xid is a positive integer, as postgres.find-transaction prints it.' });
    }
    return { kind: 'xid', xid: args.target_xid, inclusive: args.inclusive };
  }
  if (args.target_lsn) {
    parseLsn(args.target_lsn);
    return { kind: 'lsn', lsn: args.target_lsn.toUpperCase(), inclusive: args.inclusive };
  }
  return { kind: 'latest' };
}

/** `2026-11-22T03:10:00.123456+01:00` → `2026-11-22 02:10:00.123456+00`, fraction kept exactly. */
export function utcForPostgres(text: string): { pg: string; utc: Date } {
  const m = RFC3339.exec(text.trim());
  if (!m) {
    const noOffset = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text.trim());
    throw new ActionError(
      noOffset
        ? `the target time "${text}" has no UTC offset: the restored server would read it in its own timezone and could stop hours early or late, silently`
        : `the target time "${text}" is not an RFC 3339 timestamp with a UTC offset`,
      { hint: 'Write it with an explicit offset, e.g. 2026-11-22T03:10:00+01:00 or 2026-11-22T02:10:00Z; take it from the server (SELECT clock_timestamp()).' },
    );
  }
  const offset = m[4]!.toUpperCase() === 'Z' ? '+00:00' : m[4]!.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const whole = new Date(`${m[1]}T${m[2]}${offset}`);
  if (Number.isNaN(whole.getTime())) throw new ActionError(`the target time "${text}" is not a real date`, { hint: 'Check the day and month.' });
  const fraction = m[3] ?? '';
  const utc = new Date(whole.getTime() + (fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0));
  const iso = whole.toISOString();
  return { pg: `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00`, utc };
}

export function stopPointOf(target: RecoveryTarget): StopPoint {
  switch (target.kind) {
    case 'time':
      return { kind: 'time', utc: target.utc };
    case 'xid':
      return { kind: 'xid', xid: BigInt(target.xid) };
    case 'lsn':
      return { kind: 'lsn', lsn: parseLsn(target.lsn) };
    case 'latest':
      return { kind: 'latest' };
  }
}

/** recovery_target_* settings for postgresql.conf (none for `latest`: replay to the end). */
export function recoverySettings(target: RecoveryTarget, action: 'promote' | 'pause' = 'promote'): ConfSettings {
  const common = { recovery_target_action: action };
  switch (target.kind) {
    case 'time':
      return { ...common, recovery_target_time: target.pg, recovery_target_inclusive: target.inclusive };
    case 'xid':
      return { ...common, recovery_target_xid: target.xid, recovery_target_inclusive: target.inclusive };
    case 'lsn':
      return { ...common, recovery_target_lsn: target.lsn, recovery_target_inclusive: target.inclusive };
    case 'latest':
      return {};
  }
}

/** `pgbackrest restore` options for the same target. */
export function pgbackrestTargetOptions(target: RecoveryTarget, action: 'promote' | 'pause' = 'promote'): string[] {
  const exclusive = target.kind !== 'latest' && !target.inclusive ? ['--target-exclusive'] : [];
  switch (target.kind) {
    case 'time':
      return ['--type=time', `--target=${target.pg}`, `--target-action=${action}`, ...exclusive];
    case 'xid':
      return ['--type=xid', `--target=${target.xid}`, `--target-action=${action}`, ...exclusive];
    case 'lsn':
      return ['--type=lsn', `--target=${target.lsn}`, `--target-action=${action}`, ...exclusive];
    case 'latest':
      return ['--type=default'];
  }
}

export function describeTarget(target: RecoveryTarget): string {
  const edge = (inclusive: boolean): string => (inclusive ? 'just after' : 'just before');
  switch (target.kind) {
    case 'time':
      return `${edge(target.inclusive)} ${target.pg} (given as ${target.input})`;
    case 'xid':
      return `${edge(target.inclusive)} the commit of transaction ${target.xid}`;
    case 'lsn':
      return `${edge(target.inclusive)} LSN ${target.lsn}`;
    case 'latest':
      return 'the end of the WAL archive';
  }
}
