import type { ParamValue } from '../engine/types.js';
import { parseDuration } from '../util/duration.js';
import { secretValueProblem } from '../util/secret-rule.js';
import type { ParamSpec } from './schema.js';

/** The outcome of checking one parameter value: the typed value, or why it was refused. */
export type ParamCheck = { ok: true; value: ParamValue } | { ok: false; error: string };

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
/** PostgreSQL silently truncates longer names (NAMEDATALEN), which could name another table. */
const MAX_IDENT = 63;
const IDENT_PART = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/**
 * RFC 3339 and what engineers paste from their tools: PostgreSQL's `clock_timestamp()` text
 * (`2026-11-28 19:21:18.17936+00`, `-06`, `+05:30`), `date -Iseconds`, `+0000` offsets.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

const ok = (value: ParamValue): ParamCheck => ({ ok: true, value });
const bad = (error: string): ParamCheck => ({ ok: false, error });

/**
 * Validate one raw value (from --set, a TUI field, or a YAML default) against its spec.
 * Errors never repeat a secret's value; `name` is not part of the message (callers prefix it).
 */
export function parseParamValue(name: string, spec: ParamSpec, raw: string | number | boolean): ParamCheck {
  const text = String(raw);
  switch (spec.type) {
    case 'string':
      return ok(text);
    case 'int':
      return parseInt(raw, text);
    case 'bool':
      return parseBool(raw, text);
    case 'enum': {
      const values = spec.values ?? [];
      if (values.length === 0) return bad(`enum parameter ${name} lists no values: add values: [...] to its definition`);
      return values.includes(text) ? ok(text) : bad(`${JSON.stringify(text)} is not one of ${values.join(', ')}`);
    }
    case 'identifier':
      return checkIdentifier(text);
    case 'timestamp':
      return checkTimestamp(text);
    case 'duration':
      try {
        parseDuration(text);
        return ok(text);
      } catch (error) {
        return bad((error as Error).message);
      }
    case 'path':
      return text.trim() === '' ? bad('a path cannot be empty') : ok(text);
    case 'secret': {
      const problem = secretValueProblem(text);
      return problem ? bad(problem) : ok(text);
    }
  }
}

function parseInt(raw: string | number | boolean, text: string): ParamCheck {
  if (typeof raw === 'boolean') return bad(`${text} is not a whole number`);
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? ok(raw) : bad(`${text} is not a whole number`);
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return bad(`${JSON.stringify(text)} is not a whole number`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? ok(n) : bad(`${text} is too large`);
}

function parseBool(raw: string | number | boolean, text: string): ParamCheck {
  if (typeof raw === 'boolean') return ok(raw);
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return ok(true);
  if (FALSE_WORDS.has(t)) return ok(false);
  return bad(`${JSON.stringify(text)} is not a yes/no value: write true or false (yes/no, 1/0 also work)`);
}

function checkIdentifier(text: string): ParamCheck {
  const shown = JSON.stringify(text);
  const rule = 'use letters, digits, _ and $, starting with a letter or _ (optionally schema.table)';
  if (text === '') return bad(`an SQL identifier cannot be empty: ${rule}`);
  let why: string | undefined;
  if (/["'`]/.test(text)) why = 'it contains a quote';
  else if (text.includes(';')) why = 'it contains a semicolon';
  else if (/\s/.test(text)) why = 'it contains whitespace or a line break';
  else if (text.split('.').length > 2) why = 'it has more than one "." (only schema.table is allowed)';
  else if (!text.split('.').every((part) => IDENT_PART.test(part))) why = 'it has a character that is not a letter, digit, _ or $, or starts with a digit';
  else if (text.split('.').some((part) => part.length > MAX_IDENT)) why = `a name is longer than ${MAX_IDENT} characters (PostgreSQL would cut it short)`;
  return why ? bad(`${shown} is not a plain SQL identifier: ${why}; ${rule}`) : ok(text);
}

const EXAMPLE = 'Write it like 2026-11-22T14:30:00+01:00 or 2026-11-22T13:30:00Z';

function checkTimestamp(raw: string): ParamCheck {
  const text = raw.trim();
  const shown = JSON.stringify(text);
  const m = TIMESTAMP.exec(text);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return bad(`${shown} is a date without a time and UTC offset. ${EXAMPLE}`);
    return bad(`${shown} is not an RFC 3339 timestamp. ${EXAMPLE}`);
  }
  const [, y, mo, d, h, mi, s, frac, rawOffset] = m;
  if (rawOffset === undefined) {
    return bad(
      `${shown} has no UTC offset. A restored server would read it in its own timezone and could stop hours early or late (silent data loss). ${EXAMPLE}`,
    );
  }
  const offset = normalOffset(rawOffset);
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return bad(`${shown} is not a real date: month ${mo} does not exist`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return bad(`${shown} is not a real date: ${y}-${mo} has ${days} days`);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return bad(`${shown} is not a real time of day`);
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59)) {
    return bad(`${shown} has an impossible UTC offset ${rawOffset}`);
  }
  // One spelling downstream: every tool (pg, Date, Litestream, Turso) reads RFC 3339 with ±HH:MM.
  return ok(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac ?? ''}${offset}`);
}

/** `Z`, `+00`, `-0600`, `+05:30` → `Z` or `±HH:MM`. */
function normalOffset(raw: string): string {
  if (raw === 'Z' || raw === 'z') return 'Z';
  const digits = raw.slice(1).replace(':', '');
  return `${raw[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

/**
 * The UTC time a timestamp value means (`2026-11-28 19:21:18 UTC`), shown next to the field so
 * the operator sees how a pasted time was read; undefined for a value that would be refused.
 */
export function timestampInUtc(raw: string): string | undefined {
  const check = checkTimestamp(raw);
  if (!check.ok) return undefined;
  const iso = new Date(String(check.value)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * Each parameter's value by precedence: `given` (--set, the TUI form) > `fromTarget` (the
 * target's `params:` entry for this runbook, already checked by `targetParamValues`) > the
 * runbook's default. Validates what was given; never throws. `unknown` = given names with no spec.
 */
export function resolveParams(
  specs: Record<string, ParamSpec> | undefined,
  given: Record<string, string>,
  fromTarget: Record<string, ParamValue> = {},
): { values: Record<string, ParamValue>; missing: string[]; errors: Record<string, string>; unknown: string[] } {
  const values: Record<string, ParamValue> = {};
  const missing: string[] = [];
  const errors: Record<string, string> = {};
  const all = specs ?? {};
  for (const [name, spec] of Object.entries(all)) {
    const fromUser = Object.hasOwn(given, name) ? given[name] : undefined;
    if (fromUser === undefined && Object.hasOwn(fromTarget, name)) {
      values[name] = fromTarget[name]!;
      continue;
    }
    const raw = fromUser ?? spec.default;
    if (raw === undefined) {
      if (spec.required) missing.push(name);
      continue;
    }
    const check = parseParamValue(name, spec, raw);
    if (check.ok) values[name] = check.value;
    else errors[name] = fromUser === undefined ? `the runbook's default is invalid: ${check.error}` : check.error;
  }
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(all, name));
  return { values, missing, errors, unknown };
}

/** Names of params whose type is secret. */
export function secretParamNames(specs: Record<string, ParamSpec> | undefined): string[] {
  return Object.entries(specs ?? {})
    .filter(([, spec]) => spec.type === 'secret')
    .map(([name]) => name);
}
