import { describe, expect, it } from 'vitest';
import { tokenize, type Keypress } from '../../src/ui/key-tokens.js';

/** The keys of a chunk, written short: text as itself, named keys in angle brackets. */
function names(chunk: string, pasting = false): string[] {
  return tokenize(chunk, { pasting }).keys.map(short);
}

function short({ input, key }: Keypress): string {
  if (key.paste) return `<paste:${input}>`;
  if (key.ctrl) return `<C-${input}>`;
  if (key.meta) return `<M-${input}>`;
  const named = Object.entries(key).find(([flag, on]) => on && flag !== 'shift');
  return named ? `<${named[0]}>` : input;
}

describe('tokenize', () => {
  it('takes a burst apart into every key, in order', () => {
    expect(names('\u007f\u007f\u007f')).toEqual(['<backspace>', '<backspace>', '<backspace>']);
    expect(names('ab\b\u007fc')).toEqual(['a', 'b', '<backspace>', '<backspace>', 'c']);
    expect(names('abc\u001b[D\u001b[3~')).toEqual(['a', 'b', 'c', '<leftArrow>', '<delete>']);
    expect(names('\u001bOA\u001bOB\u001b[C\u001b[D')).toEqual(['<upArrow>', '<downArrow>', '<rightArrow>', '<leftArrow>']);
    expect(names('\u001b[H\u001b[F\u001b[1~\u001b[4~\u001bOH\u001bOF')).toEqual(['<home>', '<end>', '<home>', '<end>', '<home>', '<end>']);
    expect(names('\u001b[5~\u001b[6~')).toEqual(['<pageUp>', '<pageDown>']);
    expect(names('x\r\ny\rz\n')).toEqual(['x', '<return>', 'y', '<return>', 'z', '<return>']);
    expect(names('\t\u001b[Z')).toEqual(['<tab>', '<tab>']);
  });

  it('reads Ctrl-keys, Esc and Alt-keys', () => {
    expect(names('\u0001\u0003\u0005\u0015\u001a')).toEqual(['<C-a>', '<C-c>', '<C-e>', '<C-u>', '<C-z>']);
    expect(names('\u001b')).toEqual(['<escape>']);
    expect(names('\u001b\u001b[A')).toEqual(['<escape>', '<upArrow>']);
    expect(names('\u001bb')).toEqual(['<M-b>']);
    // Modifiers do not change which key it is; unknown sequences are dropped whole.
    expect(names('\u001b[1;5C\u001b[15~q')).toEqual(['<rightArrow>', 'q']);
  });

  it('keeps a bracketed paste as one piece of text, also across chunks', () => {
    expect(names('\u001b[200~two\rlines\u001b[201~!')).toEqual(['<paste:two\rlines>', '!']);
    const first = tokenize('\u001b[200~half', { pasting: false });
    expect(first.state.pasting).toBe(true);
    const second = tokenize(' and rest\u001b[201~\r', first.state);
    expect([...first.keys, ...second.keys].map(short)).toEqual(['<paste:half>', '<paste: and rest>', '<return>']);
    expect(second.state.pasting).toBe(false);
  });

  it('keeps characters outside ASCII whole and drops stray control bytes', () => {
    expect(names('é😀\u0000\u009bz')).toEqual(['é', '😀', 'z']);
  });
});
