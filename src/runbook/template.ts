import { ConfigError, type Location } from '../errors.js';
import { quoteIdent } from '../util/sql-ident.js';

/** What templates and `when:` conditions can see while a run goes on. */
export interface TemplateContext {
  params: Record<string, unknown>;
  /** name, engine, and the target's fields. */
  target: Record<string, unknown>;
  steps: Record<string, { outputs: Record<string, unknown> }>;
  run: { id: string; started_at: string };
}

/**
 * A reference that cannot be rendered. The message names it, e.g. "params.tabel is not
 * defined". A runbook that cannot be used as written, so a ConfigError (exit 2) when it
 * reaches the command line; inside a run the engine fails the step with its message.
 */
export class TemplateError extends ConfigError {
  /** Offset in the template text where the problem is, when known. */
  readonly offset: number | undefined;

  constructor(message: string, offset?: number, opts: { location?: Location } = {}) {
    super(message, { hint: RUNBOOK_HINT, location: opts.location });
    this.offset = offset;
  }
}

/** What to do about a template or condition the runbook got wrong. */
export const RUNBOOK_HINT = 'Fix the runbook; `pitstop lint RUNBOOK` lists every problem with its line and column.';

/** One `{{ … }}` in a string: `start`/`end` are offsets of the braces in that string. */
export interface TemplateRef {
  path: string[];
  helper: 'ident' | null;
  start: number;
  end: number;
  raw: string;
}

/** The roots a reference may start with, as the operator reads them in errors. */
export const TEMPLATE_FORMS = 'params.X, target.X, steps.ID.outputs.X, run.id or run.started_at';

const INNER = /^\s*(?:(ident)\s+)?([A-Za-z_][\w$-]*(?:\.[\w$-]+)*)\s*$/;

/** Every `{{ … }}` in a string with offsets (for lint positions). Throws TemplateError on a malformed `{{`. */
export function templateRefs(text: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start < 0) return refs;
    const close = text.indexOf('}}', start + 2);
    const nextOpen = text.indexOf('{{', start + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      throw new TemplateError(`"{{" is not closed: write a reference like {{ params.X }}`, start);
    }
    const end = close + 2;
    const raw = text.slice(start, end);
    const m = INNER.exec(raw.slice(2, -2));
    if (!m) {
      throw new TemplateError(`${raw} is not a reference: templates name ${TEMPLATE_FORMS}, optionally as {{ ident … }}`, start);
    }
    refs.push({ path: m[2]!.split('.'), helper: m[1] === 'ident' ? 'ident' : null, start, end, raw });
    from = end;
  }
}

function own(container: unknown, key: string): { found: boolean; value: unknown } {
  if (container === null || typeof container !== 'object' || !Object.hasOwn(container, key)) return { found: false, value: undefined };
  const value = (container as Record<string, unknown>)[key];
  return { found: value !== undefined, value };
}

/** Walks the rest of a path into a value (nested outputs, target sub-fields). */
function walk(value: unknown, path: string[], from: number): unknown {
  let current = value;
  for (let i = from; i < path.length; i += 1) {
    const next = own(current, path[i]!);
    if (!next.found) throw new TemplateError(`${path.slice(0, i + 1).join('.')} is not defined`);
    current = next.value;
  }
  return current;
}

/** The value a reference names. Throws TemplateError for anything not defined. */
export function resolveRef(path: string[], ctx: TemplateContext): unknown {
  const dotted = path.join('.');
  const [root, name] = path;
  if (name === undefined) throw new TemplateError(`${dotted} needs a name after it: templates name ${TEMPLATE_FORMS}`);
  switch (root) {
    case 'params': {
      const p = own(ctx.params, name);
      if (!p.found) throw new TemplateError(`params.${name} is not defined (not set, and no default)`);
      return walk(p.value, path, 2);
    }
    case 'target': {
      const t = own(ctx.target, name);
      if (!t.found) throw new TemplateError(`target.${name} is not defined for this target`);
      return walk(t.value, path, 2);
    }
    case 'steps': {
      const step = own(ctx.steps, name);
      if (!step.found) throw new TemplateError(`steps.${name} is not defined: no step ${name} has run before this one`);
      if (path[2] !== 'outputs' || path[3] === undefined) {
        throw new TemplateError(`${dotted} is not a reference: write steps.${name}.outputs.NAME`);
      }
      const outputs = (step.value as { outputs?: Record<string, unknown> }).outputs ?? {};
      const out = own(outputs, path[3]);
      if (!out.found) {
        const have = Object.keys(outputs);
        throw new TemplateError(`${path.slice(0, 4).join('.')} is not defined: step ${name} has ${have.length ? `outputs ${have.join(', ')}` : 'no outputs'}`);
      }
      return walk(out.value, path, 4);
    }
    case 'run':
      if (path.length === 2 && (name === 'id' || name === 'started_at')) return ctx.run[name];
      throw new TemplateError(`${dotted} is not defined: only run.id and run.started_at exist`);
    default:
      throw new TemplateError(`${dotted} is not a reference: templates name ${TEMPLATE_FORMS}`);
  }
}

/** How a value reads inside a string. */
export function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

function identOf(ref: TemplateRef, value: unknown): string {
  try {
    return quoteIdent(stringOf(value));
  } catch (error) {
    throw new TemplateError(`${ref.raw}: ${(error as Error).message}`, ref.start);
  }
}

function renderRef(ref: TemplateRef, ctx: TemplateContext): string {
  const value = resolveRef(ref.path, ctx);
  return ref.helper === 'ident' ? identOf(ref, value) : stringOf(value);
}

function replaceRefs(text: string, refs: TemplateRef[], render: (ref: TemplateRef) => string): string {
  let out = '';
  let at = 0;
  for (const ref of refs) {
    out += text.slice(at, ref.start) + render(ref);
    at = ref.end;
  }
  return out + text.slice(at);
}

/** Render `{{ expr }}` occurrences in a value (argv element, env value, phrase, `with:` string). `{{ ident X }}` is allowed too. */
export function renderValue(text: string, ctx: TemplateContext): string {
  return replaceRefs(text, templateRefs(text), (ref) => renderRef(ref, ctx));
}

/** The message lint and the engine give for a value template inside SQL text. */
export function sqlValueTemplateMessage(raw: string): string {
  return `${raw} puts a value into SQL text: only {{ ident … }} is allowed there. Pass the value as a bound parameter instead (params: ["${raw}"], written $1 in PostgreSQL or ? in libSQL)`;
}

/** Render SQL text: only `{{ ident X }}` is allowed (quoted with quoteIdent); any value template throws TemplateError. */
export function renderSql(text: string, ctx: TemplateContext): string {
  const refs = templateRefs(text);
  const value = refs.find((r) => r.helper !== 'ident');
  if (value) throw new TemplateError(sqlValueTemplateMessage(value.raw), value.start);
  return replaceRefs(text, refs, (ref) => renderRef(ref, ctx));
}

/** Deep-render an object/array (action `with:`). A string that is exactly one `{{ ref }}` keeps the referenced value's type. */
export function renderDeep(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') {
    const refs = templateRefs(value);
    const only = refs.length === 1 ? refs[0]! : undefined;
    if (only && only.helper === null && value.trim() === only.raw) return resolveRef(only.path, ctx);
    return replaceRefs(value, refs, (ref) => renderRef(ref, ctx));
  }
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, ctx)]));
  }
  return value;
}
