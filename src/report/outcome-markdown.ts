import { formatDuration } from '../util/duration.js';
import type { OutcomeApproval, RecoveryPoint, ReportOutcome } from './types.js';

/**
 * The outcome block, the first lines of the Markdown report: a one-line answer, then one row
 * per question a data owner asks (what ended how, on what, since when, what came back, what
 * did not, from which point, how long, who said yes). Every row is there even when the run
 * does not know the answer: it then says so.
 */
export function outcomeLines(o: ReportOutcome, format: { code(text: string): string; time(iso: string): string; cell(text: string): string }): string[] {
  const { code, time } = format;
  const table: Array<[string, string]> = [
    ['Outcome', o.outcomeText],
    ['Target', `${code(o.target.name)} (${o.target.engine})`],
    ['Runbook', `${code(o.runbook.id)}${o.runbook.title !== o.runbook.id ? ` — ${o.runbook.title}` : ''}`],
    ['Incident', incident(o, time)],
    ['Recovered', o.recovered.length > 0 ? o.recovered.map((r) => `${r.table}: ${rows(r.rows)} copied back (step ${r.stepId})`).join('; ') : 'no rows copied back by this run'],
    ['Not recovered', notRecovered(o)],
    ['Recovery point', o.recoveryPoint ? recoveryPoint(o.recoveryPoint, time) : 'no restore or copy in this run'],
    ['RTO', rto(o, time)],
    ['RPO', rpo(o)],
    ['Approved by', o.approvals.length > 0 ? o.approvals.map((a) => approval(a, time)).join('; ') : 'no gate approved'],
  ];
  return [headline(o), '', '| | |', '|---|---|', ...table.map(([k, v]) => `| **${k}** | ${format.cell(v)} |`)];
}

function headline(o: ReportOutcome): string {
  const copied = o.recovered.reduce((sum, r) => sum + r.rows, 0);
  const lost = o.notRecovered.filter((r) => r.what === 'lost').reduce((sum, r) => sum + r.rows, 0);
  const counts = o.recovered.length > 0 ? ` — ${rows(copied)} copied back${lost > 0 ? `, ${rows(lost)} could not be recovered` : ''}.` : '.';
  switch (o.outcome) {
    case 'finished':
      return `**Finished**${counts}`;
    case 'failed':
      return `**Failed** at step ${o.stepId ?? '?'}${counts === '.' ? '' : counts.replace(' — ', ' (so far: ').replace(/\.$/, ')')}: resumable.`;
    case 'aborted':
      return `**Aborted**${o.stepId ? ` at step ${o.stepId}` : ''}${counts}`;
    case 'waiting':
      return `**Waiting** — ${o.outcomeText.replace(/^waiting: /, '')} (resumable).`;
    case 'unfinished':
      return '**Unfinished** — the journal stops without an end: still running, or cut short by a crash.';
  }
}

function rows(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

function incident(o: ReportOutcome, time: (iso: string) => string): string {
  const given = o.incidentAt ? `${o.incidentAt} (incident_at)` : 'not given (the runbook has no incident_at)';
  const tx = o.incidentTransaction;
  if (!tx) return given;
  const what = `${tx.operation ?? 'change'} by transaction ${tx.xid}${tx.time ? ` committed ${time(tx.time)}` : ''}${tx.lsn ? ` at ${tx.lsn}` : ''}${tx.rows !== undefined ? `, ${rows(tx.rows)}` : ''} (step ${tx.stepId})`;
  return `${given}; ${what}`;
}

function notRecovered(o: ReportOutcome): string {
  if (o.notRecovered.length > 0) {
    return o.notRecovered.map((r) => `${r.table}: ${rows(r.rows)} ${r.what === 'lost' ? 'lost' : 'left without their parent'} (step ${r.stepId})`).join('; ');
  }
  return o.recovered.length > 0 ? 'no loss counted by the copy steps' : 'not counted by this run';
}

function recoveryPoint(p: RecoveryPoint, time: (iso: string) => string): string {
  const at = p.time ? time(p.time) : 'an unknown time';
  const detail = [p.xid ? `xid ${p.xid}` : '', p.lsn ? `LSN ${p.lsn}` : '', p.target ? `asked for: ${p.target}` : ''].filter(Boolean).join(', ');
  const what = p.kind === 'snapshot' ? `snapshot taken ${at}` : p.kind === 'point-in-time copy' ? `point-in-time copy at ${at}` : `point-in-time recovery to ${at}`;
  return `${what}${detail ? ` (${detail})` : ''} (step ${p.stepId})`;
}

function rto(o: ReportOutcome, time: (iso: string) => string): string {
  const { measuredMs, from, to, budget, verdict } = o.rto;
  if (measuredMs === null || !from) return `no step started${budget ? `; budget ${budget}` : ''}`;
  const span = `${formatDuration(measuredMs)} (first step ${time(from)} → ${to ? `end ${time(to)}` : 'not ended yet'})`;
  if (!budget) return `measured ${span}, no RTO in the runbook`;
  const judged = verdict === 'open' ? 'not recovered yet, still within' : (verdict ?? '');
  return `measured ${span} against ${budget}: ${judged}`;
}

function rpo(o: ReportOutcome): string {
  const { budget, gapMs, rowsLost, verdict } = o.rpo;
  const parts = [gapMs !== undefined ? `the recovery point is ${formatDuration(gapMs)} before the incident` : '', rowsLost !== undefined ? `${rows(rowsLost)} lost` : ''].filter(Boolean);
  const measured = parts.length > 0 ? `measured: ${parts.join('; ')}` : 'not measured by this run';
  return `${measured}; ${budget ? `budget ${budget}${verdict ? `: ${verdict}` : ''}` : 'no RPO in the runbook'}`;
}

function approval(a: OutcomeApproval, time: (iso: string) => string): string {
  const how = a.typed !== undefined ? `typed "${a.typed}"` : 'confirmed';
  return `${a.stepId}${a.destructive ? ' (destructive)' : ''}: ${a.by} ${how} at ${time(a.at)} (${a.via === 'flag' ? 'flag' : 'TUI'})`;
}
