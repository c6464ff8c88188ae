import { shellQuoteForDisplay } from '../util/shell-quote-display.js';
import type { CommandRequest, ExecRequest, SqlRequest } from '../engine/types.js';
import { formatDuration } from '../util/duration.js';
import type { ReportOutputs, ReportRequest } from './types.js';

const MAX_ROWS = 20;
const MAX_BYTES = 2048;
const PHRASE_SHOWN = 40;

/** The exact command, query or action of a step, for the report (argv shell-quoted for display only). */
export function describeRequest(request: ExecRequest): ReportRequest {
  switch (request.kind) {
    case 'command':
      return { kind: 'command', summary: 'command', language: 'sh', ...commandText(request) };
    case 'sql':
      return { kind: 'sql', summary: sqlSummary(request), language: 'sql', ...sqlText(request) };
    case 'wait': {
      const probe = request.probe.kind === 'command' ? commandText(request.probe) : sqlText(request.probe);
      const what = request.probe.kind === 'command' ? 'command' : sqlSummary(request.probe);
      return {
        kind: 'wait',
        summary: `wait: ${what}, every ${formatDuration(request.intervalMs)}, up to ${formatDuration(request.timeoutMs)}`,
        language: request.probe.kind === 'command' ? 'sh' : 'sql',
        ...probe,
      };
    }
    case 'action':
      return {
        kind: 'action',
        summary: `action ${request.action}${request.on ? ` on ${request.on}` : ''}`,
        language: 'json',
        text: JSON.stringify(request.with, null, 2),
        details: limits(request.timeoutMs),
      };
  }
}

function commandText(request: CommandRequest): { text: string; details: string[] } {
  const details = Object.entries(request.env ?? {}).map(([k, v]) => `env ${k}=${shellQuoteForDisplay(v)}`);
  if (request.cwd) details.push(`in ${request.cwd}`);
  return { text: request.argv.map(shellQuoteForDisplay).join(' '), details: [...details, ...limits(request.timeoutMs)] };
}

function sqlText(request: SqlRequest): { text: string; details: string[] } {
  const details = request.params.length > 0 ? [`bound values, in order: ${JSON.stringify(request.params)}`] : [];
  return { text: request.query.trim(), details: [...details, ...limits(request.timeoutMs)] };
}

function sqlSummary(request: SqlRequest): string {
  return `sql (${request.readOnly ? 'read only' : 'writes'}) on ${request.on}`;
}

function limits(timeoutMs: number | undefined): string[] {
  return timeoutMs ? [`timeout ${formatDuration(timeoutMs)}`] : [];
}

/** Outputs as JSON text, at most 20 rows per list and 2 KB in all: the report is a summary; the step log has everything. */
export function boundOutputs(outputs: Record<string, unknown>): ReportOutputs | undefined {
  if (Object.keys(outputs).length === 0) return undefined;
  let truncated = false;
  const bound = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      if (value.length > MAX_ROWS) truncated = true;
      const kept = value.slice(0, MAX_ROWS).map(bound);
      return value.length > MAX_ROWS ? [...kept, `… ${value.length - MAX_ROWS} more`] : kept;
    }
    if (typeof value === 'string' && value.length > MAX_BYTES) {
      truncated = true;
      return `${value.slice(0, MAX_BYTES)}…`;
    }
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bound(v)]));
    return value;
  };
  let text = compactJson(bound(outputs), '');
  if (Buffer.byteLength(text) > MAX_BYTES) {
    truncated = true;
    text = `${Buffer.from(text).subarray(0, MAX_BYTES).toString('utf8').replace(/\uFFFD$/, '')}\n… (cut at 2 KB)`;
  }
  return { text, truncated };
}

/**
 * How a gate was answered, for the record. A typed phrase that matched is not repeated; one
 * that did not is shown only in part: it may be anything the operator typed by mistake.
 */
export function describeGateAnswer(approved: boolean, answer: string | undefined): string {
  if (answer === undefined) return approved ? 'confirmed' : 'declined';
  if (approved) return 'typed the phrase';
  const shown = answer.length > PHRASE_SHOWN ? `${answer.slice(0, PHRASE_SHOWN)}…` : answer;
  return `declined: typed "${shown}", which does not match`;
}

/** Pretty JSON with each list item on one line: rows read as rows, and the report stays short. */
function compactJson(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${JSON.stringify(v) ?? 'null'}`).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
