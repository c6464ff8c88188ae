import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';

/**
 * Refuse to start a run that would stop half-way for want of a program: every command whose
 * executable is written literally, on a step that always runs, must be found now.
 * (Steps behind `when` may never run; templated executables are known only later.)
 */
export function preflight(runbook: Runbook, env: NodeJS.ProcessEnv = process.env): void {
  const missing: string[] = [];
  for (const step of runbook.steps) {
    if (step.when !== undefined) continue;
    if (step.kind !== 'command' && step.kind !== 'check' && step.kind !== 'wait') continue;
    const exe = step.argv?.[0];
    if (!exe || exe.includes('{{')) continue;
    if (!findExecutable(exe, env)) missing.push(`${exe} (step ${step.id})`);
  }
  if (missing.length > 0) {
    throw new UsageError(`missing executable: ${missing.join(', ')}`, {
      hint: 'Install it or put it on PATH, then run again. Nothing was started.',
    });
  }
}

export function findExecutable(exe: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = exe.includes('/') || isAbsolute(exe) ? [exe] : (env['PATH'] ?? '').split(delimiter).filter(Boolean).map((d) => join(d, exe));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return null;
}
