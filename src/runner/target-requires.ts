import { ConfigError } from '../errors.js';
import { exampleFor } from '../config/target-examples.js';
import type { Runbook } from '../runbook/schema.js';

/** The value at a dotted key of a target, or undefined. */
function valueAt(target: Record<string, unknown>, key: string): unknown {
  let value: unknown = target;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** The `requires:` keys of a runbook that the target does not have. */
export function missingRequirements(runbook: Pick<Runbook, 'requires'>, target: Record<string, unknown>): string[] {
  return (runbook.requires ?? []).filter((key) => !present(valueAt(target, key)));
}

/**
 * Preflight: refuse to start a runbook on a target that lacks a key it declares in
 * `requires:`, naming each missing key with an example of how to write it. Nothing runs.
 */
export function checkRequirements(runbook: Pick<Runbook, 'id' | 'requires'>, target: { name: string } & Record<string, unknown>): void {
  const missing = missingRequirements(runbook, target);
  if (missing.length === 0) return;
  const lines = missing.map((key) => `  ${key} — for example, under targets.${target.name}:  ${exampleFor(key)}`);
  throw new ConfigError(
    `${runbook.id} needs ${missing.map((k) => `\`${k}\``).join(', ')} in target ${target.name}, which pitstop.yaml does not give:\n${lines.join('\n')}`,
    { hint: `Add ${missing.length === 1 ? 'it' : 'them'} to pitstop.yaml (see docs/targets.md), then run again. Nothing was started.` },
  );
}
