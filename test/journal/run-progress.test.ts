import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/types.js';
import { stepInProgress } from '../../src/journal/run-progress.js';

const at = '2030-01-01T00:00:00.000Z';
const started = (stepId: string, attempt = 1): RunEvent => ({ type: 'step/started', at, stepId, attempt });
const stage = (stepId: string, name: string, attempt = 1): RunEvent => ({ type: 'step/checkpoint', at, stepId, attempt, name });
const finished = (stepId: string, attempt = 1, status: 'succeeded' | 'failed' = 'succeeded'): RunEvent => ({ type: 'step/finished', at, stepId, attempt, status, durationMs: 1 });

describe('stepInProgress: the step a journal left after some of its stages', () => {
  it('a step cut short after two stages', () => {
    expect(stepInProgress([started('a'), finished('a'), started('b'), stage('b', 'copied'), stage('b', 'recovering')])).toEqual({ stepId: 'b', stages: ['copied', 'recovering'] });
  });

  it('stages carry over to the attempt that continues after an interruption', () => {
    expect(stepInProgress([started('b'), stage('b', 'copied'), started('b', 2), stage('b', 'recovering', 2)])).toEqual({ stepId: 'b', stages: ['copied', 'recovering'] });
  });

  it('none once the step finished (a failure included), or when no stage was reached', () => {
    expect(stepInProgress([started('b'), stage('b', 'copied'), finished('b')])).toBeNull();
    expect(stepInProgress([started('b'), stage('b', 'copied'), finished('b', 1, 'failed'), started('b', 2)])).toBeNull();
    expect(stepInProgress([started('a')])).toBeNull();
  });
});
