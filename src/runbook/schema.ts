import { z } from 'zod';

/**
 * The runbook format (docs/runbooks.md). This file is the single source of truth: the
 * TypeScript types, the runtime validation and `pitstop schema` all come from it.
 */

export const SCENARIOS = [
  'corruption',
  'server-loss',
  'accidental-deletion',
  'not-responding',
  'backup',
  'verification',
  'maintenance',
  'custom',
] as const;
export const ENGINES = ['postgres', 'libsql', 'any'] as const;
export const PARAM_TYPES = [
  'string',
  'int',
  'bool',
  'enum',
  'identifier',
  'timestamp',
  'duration',
  'path',
  'secret',
] as const;
export const STEP_KINDS = ['manual', 'confirm', 'input', 'command', 'sql', 'check', 'wait', 'action'] as const;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'ids are lower-case letters, digits, "-" and "_", starting with a letter or digit');

const conditionName = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]*$/, 'condition names are lower-case letters, digits, "-" and "_", starting with a letter or "_"');

/** A duration such as `500ms`, `30s`, `15m`, `1h`, `7d`, or a combination like `1h30m`. */
export const durationString = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration like 30s, 15m, 1h or 7d');

export const ParamSpec = z
  .object({
    type: z.enum(PARAM_TYPES),
    prompt: z.string().optional(),
    description: z.string().optional(),
    required: z.boolean().optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** Allowed values of an `enum` parameter. */
    values: z.array(z.string()).min(1).optional(),
  })
  .strict();
export type ParamSpec = z.infer<typeof ParamSpec>;

export const Gate = z.discriminatedUnion('type', [
  z.object({ type: z.literal('confirm'), prompt: z.string().optional() }).strict(),
  z.object({ type: z.literal('typed'), phrase: z.string().min(1), prompt: z.string().optional() }).strict(),
]);
export type Gate = z.infer<typeof Gate>;

export const OnFailure = z.union([
  z.enum(['stop', 'continue']),
  z.object({ goto: id }).strict(),
]);
export type OnFailure = z.infer<typeof OnFailure>;

/**
 * An operand computed when the step runs, from earlier outputs and params:
 * `{ expr: "steps.count-before.outputs.n + steps.copy-back.outputs.copied" }`.
 */
export const ExprOperand = z.object({ expr: z.string().min(1) }).strict();
export type ExprOperand = z.infer<typeof ExprOperand>;
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const bound = z.union([z.number(), ExprOperand]);

/** A value matcher: a bare scalar means equality. */
export const Matcher = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z
    .object({
      eq: z.union([scalar, ExprOperand]).optional(),
      ne: z.union([scalar, ExprOperand]).optional(),
      gt: bound.optional(),
      gte: bound.optional(),
      lt: bound.optional(),
      lte: bound.optional(),
      matches: z.string().optional(),
      contains: z.string().optional(),
    })
    .strict(),
]);
export type Matcher = z.infer<typeof Matcher>;

/** Expectations on a command: exit code (default 0) and its output. */
export const CommandExpect = z
  .object({
    exit_code: z.union([z.number().int(), z.array(z.number().int())]).optional(),
    stdout: Matcher.optional(),
    stderr: Matcher.optional(),
  })
  .strict();

/**
 * Expectations on a query: keys are columns of the first row; `$rows` is the row count.
 */
export const SqlExpect = z.record(z.string(), Matcher);

const common = {
  id,
  title: z.string().optional(),
  body: z.string().optional(),
  when: z.string().optional(),
  /**
   * What the operator reads when `when` is false (e.g. "the copy comes from a snapshot, not
   * Turso"); without it the reason is phrased from the expression.
   */
  skip_reason: z.string().min(1).optional(),
  gate: Gate.optional(),
  destructive: z.boolean().optional(),
  /** Why the step is (or is not) destructive; required by lint for `destructive: false` on a step that looks destructive. */
  reason: z.string().min(1).optional(),
  timeout: durationString.optional(),
  retries: z.object({ count: z.number().int().min(0).max(100), delay: durationString.optional() }).strict().optional(),
  on_failure: OnFailure.optional(),
  repeatable: z.boolean().optional(),
};

const commandFields = {
  argv: z.array(z.string()).min(1),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
};

const sqlFields = {
  query: z.string().min(1),
  params: z.array(z.string()).optional(),
  on: z.string().optional(),
};

export const ManualStep = z.object({ ...common, kind: z.literal('manual') }).strict();
export const ConfirmStep = z.object({ ...common, kind: z.literal('confirm') }).strict();
export const InputStep = z
  .object({ ...common, kind: z.literal('input'), params: z.record(id, ParamSpec) })
  .strict();
export const CommandStep = z
  .object({
    ...common,
    kind: z.literal('command'),
    ...commandFields,
    expect: CommandExpect.optional(),
    /**
     * What the command changes when that is not the target (e.g. "the snapshot working copy"):
     * the gate question and the "touches" line name it instead of the target.
     */
    touches: z.string().min(1).optional(),
  })
  .strict();
export const SqlStep = z
  .object({
    ...common,
    kind: z.literal('sql'),
    ...sqlFields,
    read_only: z.boolean().optional(),
    expect: SqlExpect.optional(),
  })
  .strict();
/** A check is a command or a read-only query; it passes or fails and changes nothing. */
export const CheckStep = z
  .object({
    ...common,
    kind: z.literal('check'),
    argv: commandFields.argv.optional(),
    env: commandFields.env,
    cwd: commandFields.cwd,
    query: sqlFields.query.optional(),
    params: sqlFields.params,
    on: sqlFields.on,
    expect: z.union([CommandExpect, SqlExpect]).optional(),
  })
  .strict();
/** Repeats a check every `interval` until it passes or `timeout` runs out. */
export const WaitStep = CheckStep.extend({
  kind: z.literal('wait'),
  interval: durationString.optional(),
}).strict();
export const ActionStep = z
  .object({
    ...common,
    kind: z.literal('action'),
    action: z.string().regex(/^[a-z]+\.[a-z][a-z0-9-]*$/, 'an action name like postgres.pitr'),
    with: z.record(z.string(), z.unknown()).optional(),
    on: z.string().optional(),
  })
  .strict();

export const Step = z.discriminatedUnion('kind', [
  ManualStep,
  ConfirmStep,
  InputStep,
  CommandStep,
  SqlStep,
  CheckStep,
  WaitStep,
  ActionStep,
]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export const Runbook = z
  .object({
    id,
    title: z.string().min(1),
    scenario: z.enum(SCENARIOS),
    engine: z.enum(ENGINES),
    summary: z.string().optional(),
    sla: z.object({ rto: durationString.optional(), rpo: durationString.optional() }).strict().optional(),
    params: z.record(id, ParamSpec).optional(),
    /**
     * Target keys this runbook cannot run without (`data.sets.critical`, `app.migrate`,
     * `litestream.replica` …): checked at preflight, before the first step.
     */
    requires: z.array(z.string().regex(/^[a-z_]+(\.[A-Za-z0-9_-]+)*$/, 'a target key like data.sets.critical')).optional(),
    /** Named conditions (`restored: EXPR`), used by name in any `when:` and in each other. */
    conditions: z.record(conditionName, z.string().min(1)).optional(),
    steps: z.array(Step).min(1),
  })
  .strict();
export type Runbook = z.infer<typeof Runbook>;

/** JSON Schema of the runbook format, for editors (`pitstop schema`). */
export function runbookJsonSchema(): unknown {
  return z.toJSONSchema(Runbook, { target: 'draft-2020-12', unrepresentable: 'any' });
}
