import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../src/ui/OutputTail.js';

describe('OutputTail', () => {
  it('shows a progress bar drawn with \\r as its latest updates, one per line, never one over another', () => {
    const tail = { stepId: 's', attempt: 1, lines: ['first line', 'copy  10%\rcopy  50%\rcopy  99%'], total: 2 };
    const ui = render(<OutputTail tail={tail} height={2} width={60} />);
    const frame = stripVTControlCharacters(ui.lastFrame() ?? '');
    ui.unmount();
    expect(frame.split('\n').slice(1)).toEqual(['  copy  50%', '  copy  99%']);
  });

  it('keeps the stderr mark on every piece of a split stderr line', () => {
    const tail = { stepId: 's', attempt: 1, lines: ['! warn 1\rwarn 2'], total: 1 };
    const ui = render(<OutputTail tail={tail} height={3} width={60} />);
    const frame = stripVTControlCharacters(ui.lastFrame() ?? '');
    ui.unmount();
    expect(frame.split('\n').slice(1)).toEqual(['  ! warn 1', '  ! warn 2']);
  });
});
