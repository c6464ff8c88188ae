import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { RunHeader } from '../../src/ui/RunHeader.js';
import { makeRunbook, run } from '../engine/make-runbook.js';

const runbook = makeRunbook({
  params: { source: { type: 'enum', values: ['snapshot', 'turso', 'litestream'], default: 'snapshot' } },
  steps: [
    { id: 'count', kind: 'check', argv: ['true'] },
    { id: 'pitr-turso', kind: 'check', argv: ['true'], when: "params.source == 'turso'" },
    { id: 'pitr-litestream', kind: 'check', argv: ['true'], when: "params.source == 'litestream'" },
    { id: 'open-snapshot', kind: 'check', argv: ['true'], when: "params.source == 'snapshot'" },
  ],
});

describe("the run header's step strip", () => {
  it("lists only the steps that can still run, and counts the ones that won't", () => {
    const { state } = run(runbook, [], { source: 'snapshot' });
    const ui = render(<RunHeader state={state} runId="r1" width={120} ticking={false} />);
    const frame = ui.lastFrame() ?? '';
    ui.unmount();
    expect(frame).toMatch(/count\s+.*open-snapshot\s+2 won't run/);
    expect(frame).not.toContain('pitr-turso');
    expect(frame).not.toContain('pitr-litestream');
  });
});
