import { describe, expect, it } from 'vitest';
import { terminalJson, terminalLines, terminalText } from '../../src/util/terminal-text.js';

const ESC = '\u001b';
const BEL = '\u0007';

/** Anything a terminal would act on: C0 but tab and newline, DEL, C1, bidi controls. */
const ACTIONABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminalText', () => {
  const hostile: Array<[string, string, string]> = [
    ['OSC 52 clipboard write, BEL-terminated', `${ESC}]52;c;cm0gLXJmIC8=${BEL}`, '␛]52;c;cm0gLXJmIC8=␇'],
    ['OSC 0 window title, ST-terminated', `${ESC}]0;owned${ESC}\\`, '␛]0;owned␛\\'],
    ['CSI colour and cursor movement', `${ESC}[31mred${ESC}[0m${ESC}[2J${ESC}[H`, '␛[31mred␛[0m␛[2J␛[H'],
    ['DCS string', `${ESC}Pq#0;2;0;0;0${ESC}\\`, '␛Pq#0;2;0;0;0␛\\'],
    ['APC, PM and SOS strings', `${ESC}_apc${ESC}\\${ESC}^pm${ESC}\\${ESC}Xsos${ESC}\\`, '␛_apc␛\\␛^pm␛\\␛Xsos␛\\'],
    ['a lone ESC', `a${ESC}b`, 'a␛b'],
    ['8-bit CSI (U+009B)', '\u009b31mred', '\\u009b31mred'],
    ['8-bit OSC and ST (U+009D, U+009C)', '\u009d0;title\u009c', '\\u009d0;title\\u009c'],
    ['NUL, backspace, vertical tab, form feed, DEL', 'a\u0000b\u0008c\u000bd\u000ce\u007f', 'a␀b␈c␋d␌e␡'],
    ['shift out / shift in (charset switching)', 'x\u000ey\u000fz', 'x␎y␏z'],
    ['a right-to-left override hiding a command', 'ls \u202e; fr- mr', 'ls \\u202e; fr- mr'],
    ['isolates and marks', '\u2066a\u2067b\u2068c\u2069\u200e\u200f\u061c', '\\u2066a\\u2067b\\u2068c\\u2069\\u200e\\u200f\\u061c'],
  ];

  it.each(hostile)('makes visible: %s', (_name, input, shown) => {
    const out = terminalText(input);
    expect(out).toBe(shown);
    expect(out).not.toMatch(ACTIONABLE);
  });

  it('keeps newline, tab and ordinary text (accents, CJK, emoji, right-to-left letters) as they are', () => {
    const text = 'héllo\tworld\n日本語 ✓ 🚒\nשלום عربى';
    expect(terminalText(text)).toBe(text);
  });

  it('never lets a line overwrite itself: \\r\\n is a newline, a lone \\r starts a new line', () => {
    expect(terminalText('a\r\nb')).toBe('a\nb');
    expect(terminalText('rm -rf /\rls    ')).toBe('rm -rf /\nls    ');
    expect(terminalText(' 10%\r 55%\r100%')).toBe(' 10%\n 55%\n100%');
  });

  it('is idempotent: what it shows is shown the same way again', () => {
    for (const [, input] of hostile) expect(terminalText(terminalText(input))).toBe(terminalText(input));
  });

  it('covers every control character there is', () => {
    for (let code = 0; code <= 0x9f; code += 1) {
      if (code === 0x09 || code === 0x0a || (code >= 0x20 && code < 0x7f)) continue;
      expect(terminalText(`<${String.fromCharCode(code)}>`), `U+${code.toString(16)}`).not.toMatch(ACTIONABLE);
    }
  });
});

describe('terminalLines', () => {
  it('gives one display line per line, a lone \\r included', () => {
    expect(terminalLines(`progress 10%\rprogress 99%`)).toEqual(['progress 10%', 'progress 99%']);
    expect(terminalLines(`${ESC}]0;t${BEL}`)).toEqual(['␛]0;t␇']);
  });
});

describe('terminalJson', () => {
  it('escapes what JSON.stringify leaves raw (C1, DEL, bidi controls) and stays the same value', () => {
    const value = { line: `\u009b31m ${ESC}]0;x${BEL} \u202e \u007f`, n: 1 };
    const json = terminalJson(value);
    expect(json).not.toMatch(ACTIONABLE);
    expect(json).toContain('\\u009b');
    expect(JSON.parse(json)).toEqual(value);
    expect(JSON.parse(terminalJson(value, 2))).toEqual(value);
    expect(terminalJson(value, 2)).toContain('\n  "n": 1');
  });
});
