import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { RunHeader } from '../../src/ui/RunHeader.js';
import type { RunState } from '../../src/engine/types.js';

const state = {
  runId: 'r1',
  startedAt: new Date(Date.now() - 65_000).toISOString(),
  runbook: { id: 'libsql-corruption', title: 'Corruption — integrity check, REINDEX or restore, revalidate', sla: { rto: '1h' }, steps: [] },
  target: { name: 'sandbox', engine: 'libsql', url: 'file:/a/very/long/path/to/the/sandbox/database/sandbox.db' },
  order: [],
  steps: {},
} as unknown as RunState;

describe('RunHeader', () => {
  it.each([60, 80, 120])('keeps the RTO clock at %i columns', (width) => {
    const ui = render(<RunHeader state={state} runId="r1" width={width} ticking={false} />);
    const frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/elapsed 0?0?:?01:0[5-9]/);
    expect(frame).toMatch(/RTO/);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
    ui.unmount();
  });
});
