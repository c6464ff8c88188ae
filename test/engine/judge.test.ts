import { describe, expect, it } from 'vitest';
import { judge, MAX_OUTPUT_ROWS } from '../../src/engine/judge.js';
import type { CommandRequest, SqlRequest, WaitRequest } from '../../src/engine/types.js';
import type { CommandResult, SqlResult } from '../../src/executors/types.js';
import { makeRunbook } from './make-runbook.js';

const stepWith = (step: Record<string, unknown>) => makeRunbook({ steps: [{ id: 's', ...step }] }).steps[0]!;
const cmdReq: CommandRequest = { kind: 'command', argv: ['x'], timeoutMs: 30_000 };
const sqlReq: SqlRequest = { kind: 'sql', on: 'orquix', query: 'SELECT 1', params: [], readOnly: true };
const out = (exitCode: number | null, stdout = '', extra: Partial<CommandResult> = {}): CommandResult => ({
  kind: 'command',
  exitCode,
  stdout,
  stderr: '',
  lines: 1,
  bytes: stdout.length,
  timedOut: false,
  ...extra,
});
const rows = (list: Record<string, unknown>[], extra: Partial<SqlResult> = {}): SqlResult => ({
  kind: 'sql',
  columns: Object.keys(list[0] ?? {}),
  rows: list,
  rowCount: list.length,
  timedOut: false,
  ...extra,
});

describe('judge: commands', () => {
  it.each([
    ['exit 0 by default', {}, out(0), 'succeeded', undefined],
    ['non-zero exit', {}, out(3), 'failed', 'exit code: expected 0, got 3'],
    ['one of several codes', { exit_code: [0, 1] }, out(1), 'succeeded', undefined],
    ['not in the list', { exit_code: [0, 1] }, out(2), 'failed', 'exit code: expected 0 or 1, got 2'],
    ['stdout equality on trimmed text', { stdout: 'ok' }, out(0, '  ok\n'), 'succeeded', undefined],
    ['stdout equality fails', { stdout: 'ok' }, out(0, 'degraded\n'), 'failed', 'stdout: expected "ok", got "degraded"'],
    ['stdout contains', { stdout: { contains: 'accepting' } }, out(0, '/tmp:5432 - accepting connections\n'), 'succeeded', undefined],
    ['stdout matches', { stdout: { matches: '^\\d+ rows$' } }, out(0, '12 rows\n'), 'succeeded', undefined],
    ['stdout as a number', { stdout: { gt: 0 } }, out(0, '0\n'), 'failed', 'stdout: expected > 0, got 0'],
    ['a missing program', {}, out(null, '', { spawnError: 'pg_dump: command not found' }), 'failed', 'pg_dump: command not found'],
    ['a timeout', {}, out(null, '', { timedOut: true }), 'failed', 'timed out after 30s'],
  ])('%s', (_label, expect_, result, status, error) => {
    const verdict = judge(stepWith({ kind: 'command', argv: ['x'], expect: expect_ }), cmdReq, result);
    expect(verdict.status).toBe(status);
    expect(verdict.error).toBe(error);
  });

  it('keeps trimmed stdout and the exit code as outputs, and each expectation as evidence', () => {
    const verdict = judge(stepWith({ kind: 'check', argv: ['x'], expect: { stdout: { contains: 'ok' } } }), cmdReq, out(0, 'all ok\n'));
    expect(verdict.outputs).toEqual({ stdout: 'all ok', exit_code: 0 });
    expect(verdict.evidence).toEqual([
      { label: 'exit code', expected: '0', actual: '0', pass: true },
      { label: 'stdout', expected: 'containing "ok"', actual: '"all ok"', pass: true },
    ]);
  });

  it('a wait that ran out of time says so', () => {
    const wait: WaitRequest = { kind: 'wait', probe: cmdReq, intervalMs: 2000, timeoutMs: 60_000 };
    const verdict = judge(stepWith({ kind: 'wait', argv: ['pg_isready'] }), wait, out(2));
    expect(verdict.error).toBe('not ready after 1m 00s: exit code: expected 0, got 2');
  });
});

describe('judge: queries', () => {
  it.each([
    ['pg count(*) as a string, > 0', { n: { gt: 0 } }, [{ n: '12' }], 'succeeded', undefined],
    ['pg count(*) "0" is not > 0', { n: { gt: 0 } }, [{ n: '0' }], 'failed', 'n: expected > 0, got 0'],
    ['a string count equals a number', { n: 3 }, [{ n: '3' }], 'succeeded', undefined],
    ['a bigint compares as a number', { n: { gte: 2, lt: 10 } }, [{ n: 5n }], 'succeeded', undefined],
    ['both bounds are shown', { n: { gte: 2, lt: 10 } }, [{ n: 10 }], 'failed', 'n: expected >= 2 and < 10, got 10'],
    ['text equality', { result: 'ok' }, [{ result: 'ok' }], 'succeeded', undefined],
    ['SQLite booleans are 0 and 1', { in_recovery: false }, [{ in_recovery: 0 }], 'succeeded', undefined],
    ['pg booleans', { in_recovery: false }, [{ in_recovery: true }], 'failed', 'in_recovery: expected false, got true'],
    ['null', { deleted_at: null }, [{ deleted_at: null }], 'succeeded', undefined],
    ['ne', { state: { ne: 'corrupt' } }, [{ state: 'corrupt' }], 'failed', 'state: expected != "corrupt", got "corrupt"'],
    ['$rows is the row count', { $rows: 0 }, [], 'succeeded', undefined],
    ['$rows fails with the count', { $rows: { lte: 1 } }, [{ a: 1 }, { a: 2 }], 'failed', '$rows: expected <= 1, got 2'],
    ['no rows for a column expectation', { n: 1 }, [], 'failed', 'n: expected 1, got no rows'],
    ['a column that is not there', { missing: 1 }, [{ n: 1 }], 'failed', 'missing: expected 1, got no column missing'],
    ['a non-number is never > 0', { n: { gt: 0 } }, [{ n: 'lots' }], 'failed', 'n: expected > 0, got "lots"'],
  ])('%s', (_label, expect_, list, status, error) => {
    const verdict = judge(stepWith({ kind: 'sql', query: 'SELECT 1', expect: expect_ }), sqlReq, rows(list));
    expect(verdict.status).toBe(status);
    expect(verdict.error).toBe(error);
  });

  it('outputs hold the first rows, the count, the columns and the first row’s columns, as plain JSON values', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ id: BigInt(i), at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));
    const verdict = judge(stepWith({ kind: 'sql', query: 'SELECT 1' }), sqlReq, rows(many, { rowCount: 60 }));
    expect(verdict.status).toBe('succeeded');
    expect(verdict.outputs['row_count']).toBe(60);
    expect(verdict.outputs['columns']).toEqual(['id', 'at']);
    expect(verdict.outputs['rows']).toHaveLength(MAX_OUTPUT_ROWS);
    expect(verdict.outputs['id']).toBe(0);
    expect(verdict.outputs['at']).toBe('2026-01-01T00:00:00.000Z');
    expect(() => JSON.stringify(verdict.outputs)).not.toThrow();
  });

  it('a query error or timeout fails the step with it', () => {
    const step = stepWith({ kind: 'sql', query: 'SELECT 1' });
    expect(judge(step, sqlReq, rows([], { error: 'relation "t" does not exist' })).error).toBe('relation "t" does not exist');
    expect(judge(step, { ...sqlReq, timeoutMs: 5000 }, rows([], { timedOut: true })).error).toBe('timed out after 5.0s');
  });

  it('a check with a query judges the first row', () => {
    const verdict = judge(stepWith({ kind: 'check', query: 'SELECT 1', expect: { ok: true } }), sqlReq, rows([{ ok: 't' }]));
    expect(verdict.status).toBe('succeeded');
  });
});

describe('judge: actions', () => {
  const step = stepWith({ kind: 'action', action: 'app.health' });
  const req = { kind: 'action' as const, action: 'app.health', with: {} };

  it('passes outputs and evidence through', () => {
    const evidence = [{ label: 'health', expected: '200', actual: '200', pass: true }];
    expect(judge(step, req, { kind: 'action', ok: true, outputs: { code: 200 }, evidence })).toEqual({
      status: 'succeeded',
      outputs: { code: 200 },
      evidence,
    });
  });

  it('fails on the action’s error, or on evidence it reports as failing', () => {
    expect(judge(step, req, { kind: 'action', ok: false, outputs: {}, evidence: [], error: 'curl: (7) refused' })).toMatchObject({
      status: 'failed',
      error: 'curl: (7) refused',
    });
    const bad = [{ label: 'entries', expected: '> 0', actual: '0', pass: false }];
    expect(judge(step, req, { kind: 'action', ok: true, outputs: {}, evidence: bad }).error).toBe('entries: expected > 0, got 0');
  });

  it('keeps a finding (what a check found) without failing the step', () => {
    const found = [{ label: 'PRAGMA integrity_check on db', expected: 'ok', actual: '40 problem(s) in table orders', pass: false, finding: true }];
    expect(judge(step, req, { kind: 'action', ok: true, outputs: { ok: false }, evidence: found })).toEqual({ status: 'succeeded', outputs: { ok: false }, evidence: found });
  });
});

describe('judge: expectations computed from earlier outputs (expr)', () => {
  const EXPR = 'steps.count-before.outputs.n + steps.copy-back.outputs.copied';
  const computed = { expr: EXPR, value: 1041 };
  const sqlStep = (op: string) => stepWith({ kind: 'sql', query: 'SELECT 1', expect: { n: { [op]: { expr: EXPR } } } });
  const withOperands = (operands: Record<string, unknown>): SqlRequest => ({ ...sqlReq, operands } as SqlRequest);

  it.each<[string, unknown, 'succeeded' | 'failed', string | undefined]>([
    ['eq', 1041, 'succeeded', undefined],
    ['eq', '1041', 'succeeded', undefined],
    ['eq', 1040, 'failed', `n: expected = 1041 (${EXPR}), got 1040`],
    ['ne', 1040, 'succeeded', undefined],
    ['ne', 1041, 'failed', `n: expected != 1041 (${EXPR}), got 1041`],
    ['gt', 1042, 'succeeded', undefined],
    ['gt', 1041, 'failed', `n: expected > 1041 (${EXPR}), got 1041`],
    ['gte', 1041, 'succeeded', undefined],
    ['lt', 1040, 'succeeded', undefined],
    ['lte', 1042, 'failed', `n: expected <= 1041 (${EXPR}), got 1042`],
  ])('%s against %o: %s', (op, actual, status, error) => {
    const verdict = judge(sqlStep(op), withOperands({ [`n.${op}`]: computed }), rows([{ n: actual }]));
    expect(verdict.status).toBe(status);
    expect(verdict.error).toBe(error);
  });

  it('shows the expression and its value in the evidence', () => {
    const verdict = judge(sqlStep('eq'), withOperands({ 'n.eq': computed }), rows([{ n: 1040 }]));
    expect(verdict.evidence).toEqual([{ label: 'n', expected: `= 1041 (${EXPR})`, actual: '1040', pass: false }]);
  });

  it('an expression that could not be computed fails the expectation with why, never passes', () => {
    const why = 'step copy-back did not run (skipped: when: params.dry was false)';
    for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']) {
      const verdict = judge(sqlStep(op), withOperands({ [`n.${op}`]: { expr: EXPR, error: why } }), rows([{ n: 1041 }]));
      expect(verdict.status).toBe('failed');
      expect(verdict.error).toBe(`n: expected ${({ eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as Record<string, string>)[op]} (${EXPR}), which cannot be computed: ${why}, got 1041`);
    }
  });

  it('an operand missing from the request fails too (a request built without them)', () => {
    expect(judge(sqlStep('eq'), sqlReq, rows([{ n: 1041 }])).status).toBe('failed');
  });

  it('works on a command\'s stdout, and on a wait\'s probe', () => {
    const step = stepWith({ kind: 'command', argv: ['x'], expect: { stdout: { gte: { expr: 'params.min' } } } });
    const req = { ...cmdReq, operands: { 'stdout.gte': { expr: 'params.min', value: 5 } } } as CommandRequest;
    expect(judge(step, req, out(0, '7\n')).status).toBe('succeeded');
    expect(judge(step, req, out(0, '4\n')).error).toBe('stdout: expected >= 5 (params.min), got 4');
    const waitStep = stepWith({ kind: 'wait', argv: ['x'], expect: { stdout: { gte: { expr: 'params.min' } } } });
    const wait: WaitRequest = { kind: 'wait', probe: req, intervalMs: 1000, timeoutMs: 5000 };
    expect(judge(waitStep, wait, out(0, '7\n')).status).toBe('succeeded');
    expect(judge(waitStep, req, out(0, '4\n')).status).toBe('failed');
  });
});
