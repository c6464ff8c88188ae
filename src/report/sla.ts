import { parseDuration } from '../util/duration.js';
import type { Report, ReportRto, ReportStatus } from './types.js';

/** The run's wall clock against the runbook's SLA: the RTO scored, the RPO budget as written. */
export function scoreSla(sla: { rto?: string; rpo?: string } | undefined, status: ReportStatus, elapsedMs: number): Report['sla'] | undefined {
  if (!sla || (!sla.rto && !sla.rpo)) return undefined;
  const out: NonNullable<Report['sla']> = {};
  if (sla.rto) {
    const budgetMs = safeDuration(sla.rto);
    if (budgetMs !== null) {
      const verdict: ReportRto['verdict'] = elapsedMs > budgetMs ? 'over' : status === 'finished' ? 'within' : 'open';
      out.rto = { budget: sla.rto, budgetMs, elapsedMs, verdict };
    }
  }
  if (sla.rpo) out.rpo = { budget: sla.rpo };
  return out;
}

/** A duration of the runbook's SLA in ms, or null when it does not parse (the report still renders). */
export function safeDuration(text: string): number | null {
  try {
    return parseDuration(text);
  } catch {
    return null;
  }
}
