import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, isStopSignal, pausedBy, STOP_SIGNALS } from '../../src/runner/stop-signals.js';

describe('stop signals', () => {
  it.each(STOP_SIGNALS)('%s: exit 128 + its number, journaled by name', (signal) => {
    expect(exitCodeOf(signal)).toBe(128 + constants.signals[signal]);
    expect(pausedBy(signal)).toEqual({ reason: signal.toLowerCase(), signal });
    expect(isStopSignal(signal)).toBe(true);
  });

  it('knows no other abort reason as a signal', () => {
    expect(isStopSignal('operator')).toBe(false);
    expect(isStopSignal('SIGKILL')).toBe(false);
    expect(isStopSignal('toString')).toBe(false);
  });
});
