import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/types.js';
import { recoveryOf } from '../../src/drill/recovery-result.js';

const at = '2026-11-29T01:00:00.000Z';
const finished = (stepId: string, status: 'succeeded' | 'failed', durationMs: number, attempt = 1) => ({ type: 'step/finished', at, stepId, attempt, status, durationMs }) as RunEvent;

describe('recoveryOf', () => {
  it('validated when every validate… step ended succeeded at its last attempt; times summed over attempts', () => {
    const r = recoveryOf('r1', [finished('copy', 'succeeded', 10), finished('validate', 'failed', 5), finished('validate', 'succeeded', 7, 2), finished('validate-data', 'succeeded', 3), { type: 'run/finished', at, status: 'succeeded' } as RunEvent]);
    expect(r).toEqual({ runId: 'r1', status: 'succeeded', finishedAt: at, validated: true, steps: { copy: 10, validate: 12, 'validate-data': 3 } });
  });

  it('not validated: a validation that failed last, none at all, or a run that never finished', () => {
    expect(recoveryOf('r', [finished('validate', 'succeeded', 1), finished('validate-data', 'failed', 1)]).validated).toBe(false);
    expect(recoveryOf('r', [finished('copy', 'succeeded', 1), { type: 'run/finished', at, status: 'succeeded' } as RunEvent]).validated).toBe(false);
    expect(recoveryOf('r', [finished('validate', 'succeeded', 1)])).toMatchObject({ status: 'unfinished', validated: true });
    expect(recoveryOf('r', [finished('validate', 'succeeded', 1)]).finishedAt).toBeUndefined();
  });

  it('a runbook without a validate… step is validated by its final verify check', () => {
    expect(recoveryOf('r', [finished('connect', 'failed', 1), finished('verify', 'succeeded', 1), { type: 'run/finished', at, status: 'succeeded' } as RunEvent]).validated).toBe(true);
    expect(recoveryOf('r', [finished('verify', 'failed', 1)]).validated).toBe(false);
    expect(recoveryOf('r', [finished('verify-snapshot', 'succeeded', 1)]).validated).toBe(false);
  });
});
