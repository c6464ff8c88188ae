import type { z } from 'zod';

/** How a dry run shows a value known only during the run: `<steps.restore.outputs.port>`, `<params.incident_at>`. */
export function placeholder(ref: string): string {
  return `<${ref}>`;
}

const PLACEHOLDER = /<(?:steps|params)\.[^<>]*>/;

type Path = PropertyKey[];

/**
 * An action's `with:` as a dry run shows it. Arguments holding a placeholder cannot be judged
 * before the run (a port that is an earlier step's output is not a number yet), so what the
 * arguments' schema says about them — and about the whole object, whose rules may depend on
 * them — is set aside: they are shown as the template, with the defaults of the others filled
 * in where the rest validates. Every other problem is returned, as the run would report it.
 */
export function dryRunArgs(action: string, schema: z.ZodType, rendered: Record<string, unknown>): { args: Record<string, unknown>; problems: string[] } {
  const full = schema.safeParse(rendered);
  if (full.success) return { args: full.data as Record<string, unknown>, problems: [] };
  const holes = placeholderPaths(rendered, []);
  const problems = full.error.issues
    .filter((issue) => issue.code === 'unrecognized_keys' || !holes.some((hole) => related(hole, issue.path)))
    .map((issue) => `${action}: ${['with', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  if (problems.length > 0 || holes.length === 0) return { args: rendered, problems };
  const rest = schema.safeParse(withoutPaths(rendered, holes));
  if (!rest.success) return { args: rendered, problems: [] };
  const args = structuredClone(rest.data) as Record<string, unknown>;
  for (const hole of holes) setAt(args, hole, valueAt(rendered, hole));
  return { args, problems: [] };
}

function placeholderPaths(value: unknown, at: Path): Path[] {
  if (typeof value === 'string') return PLACEHOLDER.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholderPaths(v, [...at, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholderPaths(v, [...at, k]));
  return [];
}

/** One path lies on the other's way (equal, an ancestor, or a descendant). */
function related(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((key, i) => String(key) === String(b[i]));
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);
}

function setAt(into: unknown, path: Path, leaf: unknown): void {
  const parent = valueAt(into, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') (parent as Record<PropertyKey, unknown>)[path[path.length - 1]!] = leaf;
}

function withoutPaths(value: Record<string, unknown>, paths: Path[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    const parent = valueAt(copy, path.slice(0, -1));
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) delete (parent as Record<PropertyKey, unknown>)[path[path.length - 1]!];
  }
  return copy;
}
