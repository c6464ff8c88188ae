import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/types.js';
import { buildReport, renderMarkdown } from '../../src/report/report.js';
import { events, RUN_ID } from './events.js';

/** A PostgreSQL deletion: the deleting transaction found in the WAL, a PITR to just before it, two tables copied back, orphans counted. */
const start: RunEvent = {
  type: 'run/started',
  at: '2026-11-22T07:00:00.000Z',
  runId: 'r1',
  runbookId: 'any-deletion',
  runbookHash: 'abc',
  target: { name: 'orquix', engine: 'postgres' },
  params: { incident_at: '2026-11-22T03:10:00+01:00' },
  by: 'ana',
};
const ok = (at: string, stepId: string, outputs: Record<string, unknown>): RunEvent[] => [
  { type: 'step/started', at, stepId, attempt: 1 },
  { type: 'step/finished', at, stepId, attempt: 1, status: 'succeeded', durationMs: 1000, outputs },
];
const pgRun: RunEvent[] = [
  start,
  ...ok('2026-11-22T07:01:00.000Z', 'find', { xid: 7412, operation: 'DELETE', commit_time: '2026-11-22T02:10:04.000Z', lsn: '0/3A0001F0', rows_deleted: 212 }),
  ...ok('2026-11-22T07:05:00.000Z', 'pitr', { stop_xid: 7411, replay_lsn: '0/3A000100', stop_time: '2026-11-22T02:09:58.000Z', recovery_target: 'before xid 7412' }),
  { type: 'gate/answered', at: '2026-11-22T07:20:00.000Z', stepId: 'merge', approved: true, by: 'bob', via: 'tui', answer: 'orquix' },
  ...ok('2026-11-22T07:21:00.000Z', 'merge', { copied_tickets: 200, copied_comments: 12, lost_tickets: 0, orphans_comments: 3, lost_after_copy: 9 }),
  { type: 'gate/answered', at: '2026-11-22T07:22:00.000Z', stepId: 'ack', approved: true, by: 'bob', via: 'flag' },
  { type: 'run/finished', at: '2026-11-22T07:40:00.000Z', status: 'succeeded' },
];

describe('the outcome block', () => {
  it('reads the incident transaction, the recovery point, rows per table and orphans from output names, and measures RTO and RPO', () => {
    const report = buildReport(pgRun, { sla: { rto: '30m', rpo: '1m' }, title: 'Deletion', runbookSteps: [{ id: 'find' }, { id: 'pitr' }, { id: 'merge', destructive: true }, { id: 'ack', kind: 'confirm' }] });
    expect(report.outcome).toEqual({
      outcome: 'finished',
      outcomeText: 'finished',
      target: { name: 'orquix', engine: 'postgres' },
      runbook: { id: 'any-deletion', title: 'Deletion' },
      incidentAt: '2026-11-22T03:10:00+01:00',
      incidentTransaction: { xid: '7412', operation: 'DELETE', time: '2026-11-22T02:10:04.000Z', lsn: '0/3A0001F0', rows: 212, stepId: 'find' },
      recovered: [
        { table: 'tickets', rows: 200, stepId: 'merge' },
        { table: 'comments', rows: 12, stepId: 'merge' },
      ],
      notRecovered: [
        // lost_tickets: 0 is not listed: nothing was lost there.
        { table: 'comments', rows: 3, stepId: 'merge', what: 'orphans' },
      ],
      recoveryPoint: { kind: 'point-in-time recovery', time: '2026-11-22T02:09:58.000Z', xid: '7411', lsn: '0/3A000100', target: 'before xid 7412', stepId: 'pitr' },
      rto: { measuredMs: 39 * 60_000, from: '2026-11-22T07:01:00.000Z', to: '2026-11-22T07:40:00.000Z', budget: '30m', budgetMs: 30 * 60_000, verdict: 'over' },
      rpo: { budget: '1m', budgetMs: 60_000, gapMs: 2000, rowsLost: 0, verdict: 'within' },
      approvals: [
        { stepId: 'merge', by: 'bob', at: '2026-11-22T07:20:00.000Z', via: 'tui', typed: 'orquix', destructive: true },
        { stepId: 'ack', by: 'bob', at: '2026-11-22T07:22:00.000Z', via: 'flag' },
      ],
    });
    const head = renderMarkdown(report).split('\n').slice(0, 16).join('\n');
    expect(head).toContain('**Finished** — 212 rows copied back.');
    expect(head).toContain('DELETE by transaction 7412 committed 2026-11-22T02:10:04Z at 0/3A0001F0, 212 rows (step find)');
    expect(head).toContain('point-in-time recovery to 2026-11-22T02:09:58Z (xid 7411, LSN 0/3A000100, asked for: before xid 7412) (step pitr)');
    expect(head).toContain('comments: 3 rows left without their parent (step merge)');
    expect(head).toContain('merge (destructive): bob typed "orquix" at 2026-11-22T07:20:00Z (TUI)');
    expect(head).toContain('measured 39m 00s (first step 2026-11-22T07:01:00Z → end 2026-11-22T07:40:00Z) against 30m: over');
  });

  it('copied rows add up over a step\'s successful attempts; a count-only run copies nothing', () => {
    const counted = buildReport([...pgRun.slice(0, -1), ...ok('2026-11-22T07:30:00.000Z', 'merge', { table: 'tickets', copied: 5 }), ...ok('2026-11-22T07:31:00.000Z', 'dry', { table: 'tickets', copied: 99, count_only: true }), pgRun.at(-1)!]);
    expect(counted.outcome.recovered).toEqual([
      { table: 'tickets', rows: 205, stepId: 'merge' },
      { table: 'comments', rows: 12, stepId: 'merge' },
    ]);
  });

  it('a failed run is failed at its step, with what was copied so far, and its RTO stays open', () => {
    const report = buildReport(events.slice(0, 14).concat([{ type: 'run/finished', at: '2026-11-22T08:00:00.000Z', status: 'failed', stepId: 'copy-back', error: 'exit code 2' }]), { sla: { rto: '1h' } });
    expect(report.outcome).toMatchObject({ outcome: 'failed', outcomeText: 'failed: step copy-back failed: exit code 2', stepId: 'copy-back', rto: { to: null, verdict: 'open' } });
    expect(renderMarkdown(report).split('\n')[2]).toBe('**Failed** at step copy-back: resumable.');
    expect(report.runId).toBe(RUN_ID);
  });
});
