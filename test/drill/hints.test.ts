import { describe, expect, it } from 'vitest';
import { DRILL_HINTS } from '../../src/drill/hints.js';
import { SCENARIOS } from '../../src/drill/scenarios.js';
import { resolveRunbook } from '../../src/runbook/discover.js';
import { runbookDirs } from '../../src/runner/runbook-dirs.js';
import { parseCli } from '../../src/cli-args.js';

describe('guided drills: hints per step', () => {
  it('name only steps the shipped runbook has, and give the params form and every manual step and gate one', () => {
    for (const [runbookId, hints] of Object.entries(DRILL_HINTS)) {
      expect(SCENARIOS.map((s) => s.runbookId)).toContain(runbookId);
      const { runbook } = resolveRunbook(runbookId, runbookDirs(parseCli(['drill'])));
      const ids = runbook.steps.map((s) => s.id);
      for (const key of Object.keys(hints)) expect(['params', ...ids]).toContain(key);
      expect(hints['params']).toMatch(/log excerpt: the line with the DELETE/);
      // The steps that wait for the person are the ones a newcomer is stuck at.
      const waiting = runbook.steps.filter((s) => s.kind === 'manual' || s.kind === 'confirm' || s.gate !== undefined).map((s) => s.id);
      const shipped = waiting.filter((id) => !/turso|litestream/.test(id));
      for (const id of shipped) expect(hints[id], id).toBeDefined();
    }
  });
});
