import { overallHealth } from './assess.js';
import type { Health, TargetStatus } from './types.js';

const MARK: Record<Health, string> = { ok: '✓', warn: '!', fail: '✗' };

/** The status as lines for a person: one block per target, its checks aligned, the overall last. */
export function formatStatus(statuses: readonly TargetStatus[]): string {
  if (statuses.length === 0) return 'no targets\n';
  const width = Math.max(...statuses.flatMap((s) => s.checks.map((c) => c.name.length)));
  const out: string[] = [];
  for (const s of statuses) {
    out.push(`${s.target} (${s.engine}) — ${s.health.toUpperCase()}`);
    for (const c of s.checks) out.push(`  ${MARK[c.health]} ${c.name.padEnd(width)}  ${c.detail}`);
  }
  const health = overallHealth(statuses);
  out.push(`overall: ${health}${health === 'ok' ? '' : ' (exit 1)'}`);
  return `${out.join('\n')}\n`;
}

/** One line per target for the home screen: `✓ shop ok · ! lite warn: verified snapshot …`. */
export function statusLine(s: TargetStatus): string {
  const first = s.checks.find((c) => c.health === s.health && c.health !== 'ok');
  return `${MARK[s.health]} ${s.target} ${s.health}${first ? `: ${first.name} ${first.detail}` : ''}`;
}
