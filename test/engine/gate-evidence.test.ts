import { describe, expect, it } from 'vitest';
import { gateFacts } from '../../src/engine/gate-evidence.js';
import { ev, makeRunbook, run } from './make-runbook.js';

/** The shape of the libSQL deletion runbook, cut down: the gate of copy-back depends on everything before it. */
const runbook = makeRunbook({
  engine: 'libsql',
  params: { table: { type: 'identifier', default: 'tickets' } },
  steps: [
    { id: 'table-now', kind: 'action', action: 'libsql.validate', with: { table: '{{ params.table }}' } },
    { id: 'plan', kind: 'action', action: 'libsql.copy-plan', with: { table: '{{ params.table }}' } },
    { id: 'production-now', kind: 'sql', query: 'SELECT count(*) AS n FROM t' },
    { id: 'open-copy', kind: 'action', action: 'libsql.open-snapshot' },
    { id: 'check-copy', kind: 'sql', on: 'restored', query: 'SELECT count(*) AS n, max(at) AS newest FROM t' },
    { id: 'compare', kind: 'action', action: 'libsql.validate', with: { on: 'restored', compare: true, checks: false } },
    { id: 'copy-back', kind: 'action', action: 'libsql.copy-rows', with: { table: '{{ params.table }}', from: 'restored' }, gate: { type: 'typed', phrase: '{{ target.name }}' } },
    {
      id: 'validate',
      kind: 'sql',
      query: 'SELECT count(*) AS n FROM t',
      expect: { n: { eq: { expr: 'steps.production-now.outputs.n + steps.copy-back.outputs.copied' } } },
      gate: { type: 'confirm' },
    },
  ],
});

const PARAMS = { table: 'tickets' };

const upToCopyBack = [
  ev.started('table-now'),
  ev.ok('table-now', 1, { outputs: { n: 990, newest_column: 'created_at' }, evidence: [{ label: 'rows in tickets', expected: 'a count', actual: '990', pass: true }] }),
  ev.started('plan'),
  ev.ok('plan', 1, { outputs: { table: 'tickets', strategy: 'key' }, evidence: [{ label: 'rows of tickets will be matched', expected: 'a key', actual: 'by primary key (id)', pass: true }] }),
  ev.started('production-now'),
  ev.ok('production-now', 1, { outputs: { n: 990, rows: [{ n: 990 }], columns: ['n'], row_count: 1 } }),
  ev.started('open-copy'),
  ev.ok('open-copy', 1, {
    outputs: { path: '/backups/sandbox-copy.db', snapshot_taken_at: '2026-11-28T13:00:00.000Z', snapshot_age_s: 600 },
    evidence: [{ label: 'PRAGMA integrity_check on the copy', expected: 'ok', actual: 'ok', pass: true }],
  }),
  ev.started('check-copy'),
  ev.ok('check-copy', 1, { outputs: { n: 1000, newest: '2026-11-28 12:59:58', rows: [], columns: ['n', 'newest'], row_count: 1 } }),
  ev.started('compare'),
  ev.ok('compare', 1, { evidence: [{ label: 'diff_tickets', expected: '0', actual: '10', pass: false, finding: true }] }),
];

describe('gateFacts: what a gate shows of the earlier steps it depends on', () => {
  it("copy-back's gate shows the copy (when taken, its rows and newest row), the plan for the table and the comparison just before", () => {
    const { state, effects } = run(runbook, upToCopyBack, PARAMS);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'copy-back' }]);
    const facts = gateFacts(state, 'copy-back').map((f) => `${f.from}: ${f.label} = ${f.value}${f.tone === 'plain' ? '' : ` (${f.tone})`}`);
    expect(facts).toEqual([
      'open-copy: PRAGMA integrity_check on the copy = ok',
      'open-copy: snapshot_taken_at = 2026-11-28T13:00:00.000Z',
      'open-copy: snapshot_age_s = 600',
      'check-copy: n = 1000',
      'check-copy: newest = 2026-11-28 12:59:58',
      'compare: diff_tickets = 10 (finding)',
      'table-now: rows in tickets = 990',
      'table-now: n = 990',
      'plan: rows of tickets will be matched = by primary key (id)',
    ]);
  });

  it('a gate shows the outputs its expressions use, by step', () => {
    const events = [...upToCopyBack, ev.gate('copy-back', true, 'orquix'), ev.started('copy-back'), ev.ok('copy-back', 1, { outputs: { copied: 10, skipped_existing: 990 } })];
    const { state, effects } = run(runbook, events, PARAMS);
    expect(effects).toMatchObject([{ type: 'ask-gate', stepId: 'validate' }]);
    const facts = gateFacts(state, 'validate');
    expect(facts.slice(0, 2)).toEqual([
      { from: 'production-now', label: 'n', value: '990', tone: 'plain' },
      { from: 'copy-back', label: 'copied', value: '10', tone: 'plain' },
    ]);
  });

  it('a step nothing earlier feeds shows nothing but the previous step', () => {
    const { state } = run(runbook, upToCopyBack.slice(0, 2), PARAMS);
    expect(gateFacts(state, 'plan')).toEqual([
      { from: 'table-now', label: 'rows in tickets', value: '990', tone: 'plain' },
      { from: 'table-now', label: 'n', value: '990', tone: 'plain' },
    ]);
    expect(gateFacts(state, 'table-now')).toEqual([]);
  });
});
