import { describe, expect, it } from 'vitest';
import { matchValue, patternInWords } from '../../src/engine/matcher.js';

describe('patternInWords', () => {
  it.each([
    ['^(on|always)$', 'on or always'],
    ['^(replica|logical|minimal)$', 'replica, logical or minimal'],
    ['^on$', 'on'],
    ['^(on)$', 'on'],
    ['^on|always$', 'matching /^on|always$/'],
    ['on', 'matching /on/'],
    ['^\\d+$', 'matching /^\\d+$/'],
  ])('%s → %s', (pattern, words) => {
    expect(patternInWords(pattern)).toBe(words);
  });

  it('is what a failed expectation shows', () => {
    expect(matchValue({ matches: '^(on|always)$' }, 'off')).toEqual({ pass: false, expected: 'on or always', actual: '"off"' });
    expect(matchValue({ matches: '^(on|always)$' }, 'always').pass).toBe(true);
  });
});
