import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { EvidenceList } from '../../src/ui/EvidenceList.js';

describe('EvidenceList', () => {
  it('shows what a check found in full, wrapped, where a pass or a failure is one cut line', () => {
    const actual = '40 problem(s) in table orders; first: Tree 5 page 9 cell 0: 2nd reference to page 12 — and the rest of a long line to wrap';
    const ui = render(
      <EvidenceList evidence={[
        { label: 'PRAGMA integrity_check on shop.db', expected: 'ok', actual, pass: false, finding: true },
        { label: 'rows', expected: '> 0', actual: '12', pass: true },
      ]} />,
    );
    const frame = (ui.lastFrame() ?? '').replace(/\n\s*/g, ' ');
    expect(frame).toContain(`found PRAGMA integrity_check on shop.db: ${actual} (expected ok)`);
    expect(frame).toContain('pass rows: expected > 0, got 12');
    ui.unmount();
  });
});
