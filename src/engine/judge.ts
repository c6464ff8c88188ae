import type { Matcher, Step } from '../runbook/schema.js';
import type { ActionResult, CommandResult, ExecResult, SqlResult } from '../executors/types.js';
import { formatDuration } from '../util/duration.js';
import { matchValue, type OperandOf } from './matcher.js';
import type { Evidence, ExecRequest, Outputs } from './types.js';

/** What became of one execution: the fields of its `step/finished`. */
export interface Verdict {
  status: 'succeeded' | 'failed';
  outputs: Outputs;
  evidence: Evidence[];
  error?: string;
  /** What to do about `error`, when the action said. */
  hint?: string;
}

/** Rows kept in a query's outputs (the journal is not a table dump). */
export const MAX_OUTPUT_ROWS = 50;
/** Characters of stdout kept in a command's outputs. */
export const MAX_STDOUT_CHARS = 8192;

type CommandExpect = { exit_code?: number | number[]; stdout?: Matcher; stderr?: Matcher };

/**
 * Turns an executor's result into a verdict for the runbook, by the step's `expect`:
 * a command's exit code (default 0) and output, a query's first-row columns and `$rows`,
 * an action's own outcome. Each expectation becomes evidence; the error names the first
 * one that failed ("n: expected > 0, got 0"). Pure.
 */
export function judge(step: Step, request: ExecRequest, result: ExecResult): Verdict {
  const verdict =
    result.kind === 'command'
      ? judgeCommand(commandExpect(step), request, result)
      : result.kind === 'sql'
        ? judgeSql(sqlExpect(step), request, result)
        : judgeAction(result);
  if (request.kind === 'wait' && verdict.error) {
    return { ...verdict, error: `not ready after ${formatDuration(request.timeoutMs)}: ${verdict.error}` };
  }
  return verdict;
}

function commandExpect(step: Step): CommandExpect {
  if (step.kind !== 'command' && step.kind !== 'check' && step.kind !== 'wait') return {};
  return (step.expect ?? {}) as CommandExpect;
}

function sqlExpect(step: Step): Record<string, Matcher> {
  if (step.kind !== 'sql' && step.kind !== 'check' && step.kind !== 'wait') return {};
  return (step.expect ?? {}) as Record<string, Matcher>;
}

function judgeCommand(expect: CommandExpect, request: ExecRequest, result: CommandResult): Verdict {
  const stdout = tail(result.stdout.trim(), MAX_STDOUT_CHARS);
  const outputs: Outputs = { stdout, exit_code: result.exitCode };
  if (result.spawnError) return { status: 'failed', outputs, evidence: [], error: result.spawnError };
  if (result.timedOut) return { status: 'failed', outputs, evidence: [], error: timedOut(request) };

  const codes = expect.exit_code === undefined ? [0] : [expect.exit_code].flat();
  const evidence: Evidence[] = [
    {
      label: 'exit code',
      expected: codes.join(' or '),
      actual: String(result.exitCode),
      pass: result.exitCode !== null && codes.includes(result.exitCode),
    },
  ];
  const operands = operandsOf(request);
  if (expect.stdout !== undefined) evidence.push({ label: 'stdout', ...matchValue(expect.stdout, result.stdout.trim(), operands('stdout')) });
  if (expect.stderr !== undefined) evidence.push({ label: 'stderr', ...matchValue(expect.stderr, result.stderr.trim(), operands('stderr')) });
  return verdictOf(outputs, evidence);
}

function judgeSql(expect: Record<string, Matcher>, request: ExecRequest, result: SqlResult): Verdict {
  const rows = result.rows.slice(0, MAX_OUTPUT_ROWS).map(plainRow);
  const first = rows[0];
  const outputs: Outputs = { rows, row_count: result.rowCount, columns: result.columns, ...(first ?? {}) };
  if (result.error !== undefined) return { status: 'failed', outputs, evidence: [], error: result.error, ...(result.hint ? { hint: result.hint } : {}) };
  if (result.timedOut) return { status: 'failed', outputs, evidence: [], error: timedOut(request) };

  const operands = operandsOf(request);
  const evidence: Evidence[] = Object.entries(expect).map(([key, matcher]) => {
    if (key === '$rows') return { label: key, ...matchValue(matcher, result.rowCount, operands(key)) };
    if (!first) return { label: key, expected: describeOnly(matcher, operands(key)), actual: 'no rows', pass: false };
    if (!(key in first)) return { label: key, expected: describeOnly(matcher, operands(key)), actual: `no column ${key}`, pass: false };
    return { label: key, ...matchValue(matcher, first[key], operands(key)) };
  });
  return verdictOf(outputs, evidence);
}

function judgeAction(result: ActionResult): Verdict {
  const outputs = plainRow(result.outputs);
  if (!result.ok) return { status: 'failed', outputs, evidence: result.evidence, error: result.error ?? 'the action failed', ...(result.hint ? { hint: result.hint } : {}) };
  return verdictOf(outputs, result.evidence);
}

function verdictOf(outputs: Outputs, evidence: Evidence[]): Verdict {
  // A finding is the step's result, not its failure.
  const failing = evidence.find((e) => !e.pass && !e.finding);
  if (!failing) return { status: 'succeeded', outputs, evidence };
  return { status: 'failed', outputs, evidence, error: `${failing.label}: expected ${failing.expected}, got ${failing.actual}` };
}

function describeOnly(matcher: Matcher, operandOf: OperandOf): string {
  return matchValue(matcher, undefined, operandOf).expected;
}

/** The computed `{ expr }` operands of an expectation key (a wait's are on its probe). */
function operandsOf(request: ExecRequest): (key: string) => OperandOf {
  const probe = request.kind === 'wait' ? request.probe : request;
  const operands = probe.kind === 'command' || probe.kind === 'sql' ? (probe.operands ?? {}) : {};
  return (key) => (op) => operands[`${key}.${op}`];
}

function timedOut(request: ExecRequest): string {
  const ms = request.kind === 'wait' ? request.probe.timeoutMs : request.timeoutMs;
  return ms === undefined ? 'timed out' : `timed out after ${formatDuration(ms)}`;
}

function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max)}`;
}

/** Values as the journal will hold them (JSON): bigints as numbers (or text when too big), dates as ISO text. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainValue(v)]));
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return plainRow(value as Record<string, unknown>);
  }
  return value;
}
