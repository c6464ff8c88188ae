import { EdgeMasker } from './redact-edges.js';
import { escapeRegExp } from './regexp.js';
import { secretForms } from './secret-forms.js';

export { redactUrl, secretsInUrl } from './redact-url.js';

/**
 * Masks secrets (tokens, passwords) in everything pitstop prints, journals or reports.
 * A secret is replaced by `***` wherever it appears, also disguised: upper-cased,
 * URL-encoded, JSON-escaped, hex or base64 (see `secretForms`), and base64 or hex wrapped
 * across lines (see `EdgeMasker`).
 */
export interface Redactor {
  /** `s` with every secret replaced by `***`. */
  text(s: string): string;
  /** A copy of `value` with every string (keys included) redacted; other values kept. */
  deep<T>(value: T): T;
  /**
   * Where `text()` would mask whole forms in `s`, as [start, end) ranges: a line cut there
   * would split a secret, so a reader that must cut long lines cuts around them.
   */
  spans(s: string): Array<[number, number]>;
  /** The longest form masked, in characters (0 without secrets). */
  readonly longest: number;
  /** The secrets given (not their derived forms). */
  readonly secrets: readonly string[];
  /** Masks more secrets from now on (e.g. a secret typed at a prompt during the run). */
  add(...secrets: string[]): void;
}

/** Shorter forms are ignored: masking "ab" everywhere would garble output for nothing. */
const MIN_FORM_LENGTH = 4;
const MASK = '***';

/**
 * Replaces every occurrence of each secret, in any of its forms, by `***`, in one pass of
 * one combined pattern (longest form first, case-insensitive), so the cost per line does not
 * grow with the number of secrets the way one search per form would. `deep()` walks plain
 * objects and arrays and returns new ones.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const given = new Set<string>();
  // Keyed case-insensitively: the pattern ignores case, so one of each is enough.
  const forms = new Map<string, string>();
  const edges = new EdgeMasker(MASK);
  let pattern: RegExp | null = null;
  let longest = 0;
  const add = (...more: string[]): void => {
    for (const secret of more) {
      if (typeof secret !== 'string' || secret.length < MIN_FORM_LENGTH || given.has(secret)) continue;
      given.add(secret);
      const derived = secretForms(secret);
      for (const form of derived.whole) if (form.length >= MIN_FORM_LENGTH) forms.set(form.toLowerCase(), form);
      edges.add(derived.wrappable);
    }
    const list = [...forms.values()].sort((a, b) => b.length - a.length);
    longest = list[0]?.length ?? 0;
    pattern = list.length === 0 ? null : new RegExp(list.map(escapeRegExp).join('|'), 'gi');
  };
  add(...secrets);

  const text = (s: string): string => {
    if (pattern === null || s.length < MIN_FORM_LENGTH) return s;
    return edges.mask(s.replace(pattern, MASK));
  };
  const spans = (s: string): Array<[number, number]> => {
    if (pattern === null) return [];
    return [...s.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
  };
  const deep = <T>(value: T): T => (pattern === null ? value : (walk(value, text, new WeakMap()) as T));

  return {
    text,
    deep,
    spans,
    add,
    get longest() {
      return longest;
    },
    get secrets() {
      return [...given];
    },
  };
}

function walk(value: unknown, text: (s: string) => string, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(walk(item, text, seen));
    return copy;
  }
  if (value instanceof Error) {
    const copy = new Error(text(value.message));
    copy.name = value.name;
    seen.set(value, copy);
    return copy;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[text(key)] = walk(item, text, seen);
  return copy;
}
