import type { DumpFile } from './dump-files.js';

export interface RetentionRules {
  /** Dumps older than this many days may go. */
  days: number;
  /** The newest N always stay, whatever their age. */
  keep_min: number;
  /** At most N stay (besides the newest verified one), however young. */
  keep_max?: number | undefined;
}

export interface RetentionPlan {
  keep: DumpFile[];
  remove: DumpFile[];
}

const DAY_MS = 86_400_000;

/**
 * Pure decision over `dumps` (newest first): a dump goes when it is older than `days` or
 * beyond `keep_max`, unless it is among the newest `keep_min` or is `newestVerified`, which
 * is never deleted, even when every dump is older than the limit.
 */
export function planRetention(dumps: DumpFile[], newestVerified: string | null, now: Date, rules: RetentionRules): RetentionPlan {
  const cutoff = now.getTime() - rules.days * DAY_MS;
  const plan: RetentionPlan = { keep: [], remove: [] };
  dumps.forEach((dump, i) => {
    const protectedOne = dump.path === newestVerified || i < rules.keep_min;
    const tooOld = dump.createdAt.getTime() < cutoff;
    const tooMany = rules.keep_max !== undefined && i >= rules.keep_max;
    (protectedOne || (!tooOld && !tooMany) ? plan.keep : plan.remove).push(dump);
  });
  return plan;
}
