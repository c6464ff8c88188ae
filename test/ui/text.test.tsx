import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Text } from '../../src/ui/Text.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Terminal control a frame must never carry from text: OSC/DCS/APC introducers, BEL, C1, bidi. */
const FROM_TEXT = /\u001b[\]P_^X]|\u0007|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('Text', () => {
  it('shows escapes in strings, nested Text, fragments and lists as visible text', () => {
    const evil = '\u001b]52;c;aGk=\u0007\u001b]0;title\u0007\u009b2J\u202e';
    const ui = render(
      <Text>
        a {evil}
        <Text bold>b {evil}</Text>
        <>c {evil}</>
        {[`d ${evil}`, `e ${evil}`]}
        {42}
      </Text>,
    );
    const frame = ui.lastFrame() ?? '';
    ui.unmount();
    expect(frame).not.toMatch(FROM_TEXT);
    expect(frame.match(/␛\]52;c;aGk=␇/g)).toHaveLength(5);
    expect(frame).toContain('42');
  });

  it('is the only Text the screens use: nothing imports Ink’s own', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !file.endsWith(join('ui', 'Text.tsx')))
      .filter((file) => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
