import { shellQuoteForDisplay } from '../util/shell-quote-display.js';
import { getAction } from '../actions/registry.js';
import type { ActionRequest, CommandRequest, ExecRequest, Preview, SqlRequest, TargetView, WaitRequest } from './types.js';

export interface PreviewHints {
  /** Whether a command writes; commands are assumed to unless told (a check's never does). */
  writes?: boolean;
  /** What a command changes when it is not the target (the step's `touches:`). */
  touches?: string;
}

/**
 * What a request will do, exactly, for gates and dry runs: the argv as one would paste it,
 * the query with its bound values, or the action's own description of its operations.
 */
export function previewRequest(request: ExecRequest, target: TargetView, hints: PreviewHints = {}): Preview {
  switch (request.kind) {
    case 'command':
      return commandPreview(request, hints.touches ?? target.name, hints.writes ?? true);
    case 'sql':
      return sqlPreview(request);
    case 'wait':
      return waitPreview(request, target);
    case 'action':
      return actionPreview(request, target);
  }
}

function commandPreview(request: CommandRequest, touched: string, writes: boolean): Preview {
  const lines = [request.argv.map(shellQuoteForDisplay).join(' ')];
  for (const [name, value] of Object.entries(request.env ?? {})) lines.push(`env ${name}=${shellQuoteForDisplay(value)}`);
  if (request.cwd !== undefined) lines.push(`in ${request.cwd}`);
  return { summary: 'command', lines, touches: { target: touched, writes } };
}

function sqlPreview(request: SqlRequest): Preview {
  const lines = request.query.trim().split('\n').map((line) => line.trimEnd());
  request.params.forEach((value, i) => lines.push(`$${i + 1} = ${showBound(value)}`));
  return {
    summary: `sql (${request.readOnly ? 'read-only' : 'writes'}) on ${request.on}`,
    lines,
    touches: { target: request.on, writes: !request.readOnly },
  };
}

function waitPreview(request: WaitRequest, target: TargetView): Preview {
  const probe = request.probe.kind === 'command' ? commandPreview(request.probe, target.name, false) : sqlPreview(request.probe);
  const what = request.probe.kind === 'command' ? 'the command passes' : `the query on ${request.probe.on} passes`;
  return {
    summary: `wait until ${what} (every ${shortDuration(request.intervalMs)}, up to ${shortDuration(request.timeoutMs)})`,
    lines: probe.lines,
    touches: { target: probe.touches.target, writes: false },
  };
}

function actionPreview(request: ActionRequest, target: TargetView): Preview {
  const action = getAction(request.action);
  const on = request.on ?? target.name;
  let lines: string[];
  try {
    lines = action ? action.describe(request.with, target) : [];
  } catch {
    // describe() is written for validated arguments; a dry run may show placeholders instead.
    lines = [];
  }
  if (lines.length === 0) lines = Object.entries(request.with).map(([k, v]) => `${k}: ${showBound(v)}`);
  let touched = on;
  try {
    touched = action?.touches ? action.touches(request.with, target) : on;
  } catch {
    // Placeholders in a dry run: the target is the honest default.
  }
  return {
    summary: `action ${request.action}${on === target.name ? '' : ` on ${on}`}`,
    lines,
    touches: { target: touched, writes: action ? action.writes || action.destructive : true },
  };
}

/** A bound value as a person reads it: strings quoted, everything else as JSON. */
function showBound(value: unknown): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'bigint') return value.toString();
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** `2s`, `60s`, `5m`, `1500ms`: exact, short. */
function shortDuration(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`;
  const s = ms / 1000;
  if (s >= 120 && s % 3600 === 0) return `${s / 3600}h`;
  if (s >= 120 && s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
