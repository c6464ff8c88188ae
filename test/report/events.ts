import type { RunEvent } from '../../src/engine/types.js';

/** A realistic journal: a PITR drill with a manual step, an action, a check, a typed gate declined, a pause, a retry. */
export const RUN_ID = '20261122-074512-pg-accidental-deletion-k3f9';

const rows = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, title: `ticket ${i + 1}` }));

export const events: RunEvent[] = [
  {
    type: 'run/started',
    at: '2026-11-22T07:45:12.000Z',
    runId: RUN_ID,
    runbookId: 'pg-accidental-deletion',
    runbookHash: '9f2c4e1a7b3d5f60aa',
    target: { name: 'orquix', engine: 'postgres', url: 'postgresql://app:***@db.internal/orquix' },
    params: { incident_at: '2026-11-22T03:10:00+01:00', table: 'tickets' },
    by: 'ana',
  },
  { type: 'step/started', at: '2026-11-22T07:46:00.000Z', stepId: 'freeze-writes', attempt: 1 },
  { type: 'step/finished', at: '2026-11-22T07:46:00.000Z', stepId: 'freeze-writes', attempt: 1, status: 'succeeded', durationMs: 0, by: 'ana', note: 'maintenance page up' },
  {
    type: 'step/started',
    at: '2026-11-22T07:46:05.000Z',
    stepId: 'restore-copy',
    attempt: 1,
    request: { kind: 'action', action: 'postgres.pitr', with: { target_time: '2026-11-22T03:10:00+01:00' } },
  },
  { type: 'step/output', at: '2026-11-22T07:48:05.000Z', stepId: 'restore-copy', attempt: 1, file: 'steps/restore-copy.1.log', lines: 412, bytes: 30120 },
  {
    type: 'step/finished',
    at: '2026-11-22T07:48:05.000Z',
    stepId: 'restore-copy',
    attempt: 1,
    status: 'succeeded',
    durationMs: 120_000,
    outputs: { data_dir: '/var/lib/pitstop/restore/orquix', port: 55432 },
  },
  {
    type: 'step/started',
    at: '2026-11-22T07:48:06.000Z',
    stepId: 'check-copy',
    attempt: 1,
    request: { kind: 'sql', on: 'restored', query: 'SELECT id, title FROM "tickets" WHERE created_at < $1', params: ['2026-11-22T03:10:00+01:00'], readOnly: true },
  },
  {
    type: 'step/finished',
    at: '2026-11-22T07:48:07.000Z',
    stepId: 'check-copy',
    attempt: 1,
    status: 'succeeded',
    durationMs: 850,
    outputs: { rows, n: 30 },
    evidence: [{ label: 'n', expected: '> 0', actual: '30', pass: true }],
  },
  { type: 'gate/answered', at: '2026-11-22T07:49:00.000Z', stepId: 'copy-back', approved: false, by: 'ana', via: 'tui', answer: 'orquix-production-database-please-go-ahead-now' },
  { type: 'run/paused', at: '2026-11-22T07:49:01.000Z', reason: 'gate', stepId: 'copy-back' },
  { type: 'run/resumed', at: '2026-11-22T07:59:01.000Z', by: 'bob' },
  { type: 'gate/answered', at: '2026-11-22T07:59:30.000Z', stepId: 'copy-back', approved: true, by: 'bob', via: 'flag', answer: 'orquix' },
  {
    type: 'step/started',
    at: '2026-11-22T07:59:31.000Z',
    stepId: 'copy-back',
    attempt: 1,
    request: { kind: 'command', argv: ['psql', '-c', "INSERT INTO tickets SELECT * FROM restored WHERE note = 'it''s'"], env: { PGPASSWORD: '***' } },
  },
  { type: 'step/finished', at: '2026-11-22T07:59:33.000Z', stepId: 'copy-back', attempt: 1, status: 'failed', durationMs: 2000, error: 'exit code 2: connection refused' },
  {
    type: 'step/started',
    at: '2026-11-22T07:59:43.000Z',
    stepId: 'copy-back',
    attempt: 2,
    request: { kind: 'command', argv: ['psql', '-c', "INSERT INTO tickets SELECT * FROM restored WHERE note = 'it''s'"], env: { PGPASSWORD: '***' } },
  },
  {
    type: 'step/finished',
    at: '2026-11-22T07:59:46.000Z',
    stepId: 'copy-back',
    attempt: 2,
    status: 'succeeded',
    durationMs: 3000,
    outputs: { copied: 17 },
    evidence: [{ label: 'rows copied', expected: '>= 1', actual: '17', pass: true }],
  },
  { type: 'input/given', at: '2026-11-22T08:00:00.000Z', stepId: 'postmortem-note', values: { summary: 'cron job deleted closed tickets' }, by: 'bob' },
  { type: 'run/finished', at: '2026-11-22T08:00:12.000Z', status: 'succeeded' },
];
