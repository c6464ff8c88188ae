import { describe, expect, it } from 'vitest';
import { findEnvRefs, findMalformedRefs, substituteEnvRefs } from '../../src/config/env-refs.js';

describe('env references', () => {
  it('finds each reference with its offset', () => {
    expect(findEnvRefs('postgresql://u:${env:PW}@${env:HOST}/db')).toEqual([
      { name: 'PW', index: 15, text: '${env:PW}' },
      { name: 'HOST', index: 25, text: '${env:HOST}' },
    ]);
  });

  it('substitutes, and reports the first unset or empty variable', () => {
    expect(substituteEnvRefs('x-${env:A}-${env:B}', { A: '1', B: '2' })).toEqual({
      ok: true,
      value: 'x-1-2',
      used: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    });
    expect(substituteEnvRefs('${env:A}${env:B}', { A: '1' })).toMatchObject({ ok: false, problem: 'unset', ref: { name: 'B' } });
    expect(substituteEnvRefs('${env:A}', { A: '' })).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('flags things that look like references but are not', () => {
    expect(findMalformedRefs('${env:GOOD} ${BAD} ${env:} ${env:X')).toHaveLength(3);
    expect(findMalformedRefs('plain $HOME value')).toEqual([]);
  });
});
