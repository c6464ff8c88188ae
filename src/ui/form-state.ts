import { parseParamValue } from '../runbook/params.js';
import type { ParamSpec } from '../runbook/schema.js';
import type { ParamFallback } from './app-flow.js';

/** What a form field says about its value: nothing (fine), or why it is refused. `hasFallback`: an empty field takes a preset value. */
export function fieldError(name: string, spec: ParamSpec, raw: string, hasFallback = false): string | null {
  if (raw === '') return spec.required && spec.default === undefined && !hasFallback ? 'required' : null;
  const check = parseParamValue(name, spec, raw);
  return check.ok ? null : check.error;
}

/** The first field with an error, or -1 when the form can be sent. */
export function firstInvalid(specs: Record<string, ParamSpec>, values: Record<string, string>, fallbacks: Record<string, ParamFallback> = {}): number {
  return Object.entries(specs).findIndex(([name, spec]) => fieldError(name, spec, values[name] ?? '', Object.hasOwn(fallbacks, name)) !== null);
}

/** A short description of what a field takes: `timestamp with offset, required`, `identifier, default orders (target shop)`. */
export function fieldHint(spec: ParamSpec, fallback?: ParamFallback): string {
  const what =
    spec.type === 'timestamp'
      ? 'timestamp with UTC offset, e.g. 2026-11-22T14:30:00+01:00'
      : spec.type === 'enum'
        ? `one of ${(spec.values ?? []).join(', ')}`
        : spec.type === 'bool'
          ? 'yes or no'
          : spec.type === 'duration'
            ? 'duration, e.g. 15m'
            : spec.type;
  const preset = fallback && fallback.source !== 'runbook' ? `, default ${fallback.value} (${fallback.source})` : undefined;
  const extra = preset ?? (spec.required ? ', required' : spec.default !== undefined && spec.type !== 'secret' ? `, default ${String(spec.default)}` : '');
  return `${what}${extra}`;
}
