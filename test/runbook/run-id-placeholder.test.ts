import { describe, expect, it } from 'vitest';
import { fillRunId } from '../../src/runbook/run-id-placeholder.js';

describe('fillRunId', () => {
  it('fills the report and resume commands, and nothing else', () => {
    const text = 'Send the report (`pitstop report RUN_ID`), or `pitstop resume RUN_ID`; RUN_ID alone and pitstop runs RUN_ID stay.';
    expect(fillRunId(text, '20261122-074512-x-k3f9')).toBe(
      'Send the report (`pitstop report 20261122-074512-x-k3f9`), or `pitstop resume 20261122-074512-x-k3f9`; RUN_ID alone and pitstop runs RUN_ID stay.',
    );
    expect(fillRunId('pitstop report RUN_IDS', 'x')).toBe('pitstop report RUN_IDS');
  });
});
