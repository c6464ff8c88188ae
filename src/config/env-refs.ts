/**
 * `${env:NAME}` references in pitstop.yaml values (docs/targets.md). Secrets come only from
 * the environment, so these are resolved when a target is used, never stored; every value
 * resolved is a secret, whatever the variable's name (see config/load.ts).
 */

const REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Anything that looks like a reference attempt: `${env:…`, `${NAME}`. */
const ATTEMPT = /\$\{[^}]*\}?/g;

/** One `${env:NAME}` inside a string value; `index` is its offset in that value. */
export interface EnvRef {
  name: string;
  index: number;
  text: string;
}

/** Every well-formed reference in a value, in order. */
export function findEnvRefs(value: string): EnvRef[] {
  return [...value.matchAll(REF)].map((m) => ({ name: m[1]!, index: m.index, text: m[0] }));
}

/**
 * Text that looks like a reference but is not one (`${env:}`, `${DATABASE_URL}`, a missing
 * `}`), with what to write instead. Left alone, it would reach a database driver literally.
 */
export function findMalformedRefs(value: string): Array<{ index: number; text: string; message: string }> {
  const found: Array<{ index: number; text: string; message: string }> = [];
  for (const m of value.matchAll(ATTEMPT)) {
    if (/^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/.test(m[0])) continue;
    const bare = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(m[0]);
    const message = bare
      ? `"${m[0]}" is not a reference: write \${env:${bare[1]}}`
      : `"${m[0]}" is not a valid reference: write \${env:NAME} with NAME made of letters, digits and _`;
    found.push({ index: m.index, text: m[0], message });
  }
  return found;
}

export type Substitution =
  | { ok: true; value: string; used: Array<{ name: string; value: string }> }
  | { ok: false; ref: EnvRef; problem: 'unset' | 'empty' };

/**
 * Replaces every `${env:NAME}` in a value. The first unset (or empty) variable is reported
 * instead, with its position in the value, so the caller can point at it in the file.
 */
export function substituteEnvRefs(value: string, env: NodeJS.ProcessEnv): Substitution {
  const used: Array<{ name: string; value: string }> = [];
  for (const ref of findEnvRefs(value)) {
    const got = env[ref.name];
    if (got === undefined) return { ok: false, ref, problem: 'unset' };
    if (got === '') return { ok: false, ref, problem: 'empty' };
    used.push({ name: ref.name, value: got });
  }
  // A function replacer: `$` in a value (common in passwords) must not act as a pattern.
  const out = value.replace(REF, (_m, name: string) => env[name]!);
  return { ok: true, value: out, used };
}
