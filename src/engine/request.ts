import { getAction } from '../actions/registry.js';
import type { Step, StepOf } from '../runbook/schema.js';
import { renderDeep, renderSql, renderValue, type TemplateContext } from '../runbook/template.js';
import { parseDuration } from '../util/duration.js';
import type { ActionRequest, CommandRequest, ExecRequest, SqlRequest, TargetView } from './types.js';

type Probe = StepOf<'check'> | StepOf<'wait'>;

const DEFAULT_INTERVAL = '2s';
const DEFAULT_WAIT_TIMEOUT = '60s';

export interface BuildOptions {
  /** Validate an action's `with:` against its arguments (off for dry runs with placeholders). */
  validate?: boolean;
}

/**
 * The request a step will run, with every template rendered, or null for the kinds that run
 * nothing (manual, confirm, input). Throws TemplateError for a bad reference and Error with
 * a message naming the problem (unknown action, invalid `with:` field).
 */
export function buildRequest(step: Step, ctx: TemplateContext, target: TargetView, opts: BuildOptions = {}): ExecRequest | null {
  const timeoutMs = step.timeout === undefined ? undefined : parseDuration(step.timeout);
  switch (step.kind) {
    case 'manual':
    case 'confirm':
    case 'input':
      return null;
    case 'command':
      return withTimeout(commandRequest(step, ctx), timeoutMs);
    case 'sql':
      return withTimeout(sqlRequest(step, ctx, target, step.read_only !== false), timeoutMs);
    case 'check':
      return withTimeout(probeRequest(step, ctx, target), timeoutMs);
    case 'wait': {
      const waitMs = parseDuration(step.timeout ?? DEFAULT_WAIT_TIMEOUT);
      // Each probe is bounded by the whole wait, so a hung probe cannot outlive it.
      const probe = withTimeout(probeRequest(step, ctx, target), waitMs);
      return { kind: 'wait', probe, intervalMs: parseDuration(step.interval ?? DEFAULT_INTERVAL), timeoutMs: waitMs };
    }
    case 'action':
      return withTimeout(actionRequest(step, ctx, opts.validate !== false), timeoutMs);
  }
}

function withTimeout<T extends ExecRequest>(request: T, timeoutMs: number | undefined): T {
  return timeoutMs === undefined ? request : { ...request, timeoutMs };
}

function commandRequest(
  step: Pick<StepOf<'command'>, 'argv' | 'env' | 'cwd'>,
  ctx: TemplateContext,
): CommandRequest {
  const request: CommandRequest = { kind: 'command', argv: step.argv.map((arg) => renderValue(arg, ctx)) };
  if (step.env) {
    request.env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, renderValue(v, ctx)]));
  }
  if (step.cwd !== undefined) request.cwd = renderValue(step.cwd, ctx);
  return request;
}

function sqlRequest(
  step: { query: string; params?: string[] | undefined; on?: string | undefined },
  ctx: TemplateContext,
  target: TargetView,
  readOnly: boolean,
): SqlRequest {
  return {
    kind: 'sql',
    on: step.on === undefined ? target.name : renderValue(step.on, ctx),
    query: renderSql(step.query, ctx),
    // A whole reference to a number stays a number, so the driver binds the right type.
    params: (step.params ?? []).map((p) => renderDeep(p, ctx)),
    readOnly,
  };
}

/** A check or a wait's probe: its command, or its query (always read-only). */
function probeRequest(step: Probe, ctx: TemplateContext, target: TargetView): CommandRequest | SqlRequest {
  if (step.argv) return commandRequest({ argv: step.argv, env: step.env, cwd: step.cwd }, ctx);
  if (step.query !== undefined) return sqlRequest({ query: step.query, params: step.params, on: step.on }, ctx, target, true);
  throw new Error(`a ${step.kind} step needs argv or query`);
}

function actionRequest(step: StepOf<'action'>, ctx: TemplateContext, validate: boolean): ActionRequest {
  const action = getAction(step.action);
  if (!action) throw new Error(`unknown action ${step.action}`);
  const rendered = renderDeep(step.with ?? {}, ctx) as Record<string, unknown>;
  let args = rendered;
  if (validate) {
    const parsed = action.args.safeParse(rendered);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = ['with', ...(issue?.path ?? []).map(String)].join('.');
      throw new Error(`${step.action}: ${field}: ${issue?.message ?? 'invalid arguments'}`);
    }
    args = parsed.data as Record<string, unknown>;
  }
  const request: ActionRequest = { kind: 'action', action: step.action, with: args };
  if (step.on !== undefined) request.on = renderValue(step.on, ctx);
  return request;
}
